package dev.drover.engine.containers;

import java.util.List;
import java.util.function.Consumer;

/**
 * The commands the Containers page issues; {@link ContainerService} carries them out on the engine.
 */
public interface ContainerCommands {

  void apply(ContainerAction action, String containerId);

  void remove(String containerId, boolean anonymousVolumes);

  /** Creates and starts a container; returns its id. See {@link ContainerService#run}. */
  String run(RunSpec spec, Consumer<String> progress);

  /** The OCI runtimes the engine offers. */
  List<String> runtimes();
}
