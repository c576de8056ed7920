package dev.drover.engine.containerd;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One containerd container and its task.
 *
 * @param namespace containerd namespace it lives in
 * @param id the container's id (nerdctl uses it as the name unless the label nerdctl/name says
 *     otherwise)
 * @param image the image name it was made from ("" when none)
 * @param runtime the runtime, e.g. "io.containerd.runc.v2"
 * @param labels its labels
 * @param created when it was created
 * @param state its task's state
 * @param pid the task's process id in the guest, 0 when no task runs
 * @param exitStatus the task's exit status once it stopped
 */
public record ContainerdContainer(
    String namespace,
    String id,
    String image,
    String runtime,
    Map<String, String> labels,
    Instant created,
    TaskState state,
    int pid,
    Optional<Integer> exitStatus) {

  public ContainerdContainer {
    labels = Map.copyOf(labels);
  }

  /** The name a user knows it by: nerdctl's name label, else the id. */
  public String name() {
    return labels.getOrDefault("nerdctl/name", id);
  }

  public enum TaskState {
    /** a container without a task, or a task created and not started */
    CREATED,
    RUNNING,
    PAUSED,
    PAUSING,
    STOPPED,
    UNKNOWN
  }
}
