package dev.drover.vm;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which of the {@link VmStatus} cases a VM is in, without the case's data: what the status file,
 * the control socket and {@code drover vm status --json} write as {@code "state"} (the constant's
 * name, upper-case) and what callers compare.
 */
public enum VmState {
  STOPPED,
  STARTING,
  RUNNING,
  DEGRADED,
  STOPPING,
  ERROR;

  /** The state of a status. */
  public static VmState of(VmStatus status) {
    return switch (status) {
      case VmStatus.Stopped s -> STOPPED;
      case VmStatus.Starting s -> STARTING;
      case VmStatus.Running r -> RUNNING;
      case VmStatus.Degraded d -> DEGRADED;
      case VmStatus.Stopping s -> STOPPING;
      case VmStatus.Error e -> ERROR;
    };
  }

  /** The state a word names; empty for a word this Drover does not know (a newer one's). */
  public static Optional<VmState> fromWord(String word) {
    return Arrays.stream(values()).filter(state -> state.name().equals(word)).findFirst();
  }
}
