package dev.drover.app.ui.containerd;

import dev.drover.engine.containerd.ContainerdContainer;
import dev.drover.engine.containerd.ContainerdContainer.TaskState;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One line of the containerd page's Containers table.
 *
 * @param pid the task's process id in the guest, 0 when no task runs
 * @param exitStatus the task's exit status once it stopped
 */
public record ContainerdRow(
    String namespace,
    String id,
    String name,
    String image,
    TaskState taskState,
    int pid,
    Optional<Integer> exitStatus,
    String runtime,
    Instant created) {

  static ContainerdRow of(ContainerdContainer container) {
    return new ContainerdRow(
        container.namespace(),
        container.id(),
        container.name(),
        container.image(),
        container.state(),
        container.pid(),
        container.exitStatus(),
        container.runtime(),
        container.created());
  }

  /** The state as a word for the badge: "running", "stopped", "created"… */
  public String state() {
    return taskState.name().toLowerCase(Locale.ROOT);
  }

  /** "pid 4242" while a task runs, "exit 137" once it stopped, empty without a task. */
  public String process() {
    return switch (taskState) {
      case RUNNING, PAUSED, PAUSING -> pid > 0 ? "pid " + pid : "";
      case STOPPED -> exitStatus.map(status -> "exit " + status).orElse("");
      case CREATED, UNKNOWN -> "";
    };
  }

  /** Whether its task runs (or is paused): stop applies, start and remove do not. */
  public boolean running() {
    return taskState == TaskState.RUNNING
        || taskState == TaskState.PAUSED
        || taskState == TaskState.PAUSING;
  }

  /** Whether start applies: a container whose task never started or has stopped. */
  public boolean startable() {
    return taskState == TaskState.CREATED || taskState == TaskState.STOPPED;
  }

  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  /** The runtime's short name: "runc.v2" for "io.containerd.runc.v2". */
  public String runtimeText() {
    return runtime.startsWith("io.containerd.")
        ? runtime.substring("io.containerd.".length())
        : runtime;
  }
}
