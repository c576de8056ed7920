package dev.drover.engine.containers;

/** The commands the Containers page issues; {@link ContainerService} carries them out on the engine. */
public interface ContainerCommands {

    void apply(ContainerAction action, String containerId);

    void remove(String containerId, boolean anonymousVolumes);
}
