package dev.drover.engine.containers;

/**
 * The commands the Containers page issues; {@link ContainerService} carries them out on the engine.
 */
public interface ContainerCommands {

  void apply(ContainerAction action, String containerId);

  void remove(String containerId, boolean anonymousVolumes);

  /** Creates and starts a container; returns its id. See {@link ContainerService#run}. */
  String run(RunSpec spec, java.util.function.Consumer<String> progress);

  /** The OCI runtimes the engine offers. */
  java.util.List<String> runtimes();
}
