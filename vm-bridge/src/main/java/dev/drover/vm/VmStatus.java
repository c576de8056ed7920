package dev.drover.vm;

import dev.drover.engine.EngineEndpoint;
import java.util.List;

/**
 * Where a VM is in its life, as a driver reports it. Invariants every driver keeps:
 *
 * <ul>
 *   <li>{@link Stopped}: no VM process runs; start() may be called.
 *   <li>{@link Starting}: the VM process runs (or is being launched) and the engine does not answer
 *       yet.
 *   <li>{@link Running}: the VM process runs and the engine answered over its endpoint; only
 *       Running carries one.
 *   <li>{@link Degraded}: the VM process runs but the engine stopped answering after having been
 *       Running (or a guest service failed); it returns to Running by itself when the engine
 *       answers again.
 *   <li>{@link Stopping}: a stop was asked for and the VM process has not exited yet.
 *   <li>{@link Error}: the VM process is gone without a stop having been asked for, or it failed to
 *       start; nothing runs any more, and start() recovers from it just as from Stopped.
 * </ul>
 *
 * The usual order is Stopped → Starting → Running ⇄ Degraded → Stopping → Stopped; any state can
 * turn to Error.
 */
public sealed interface VmStatus {

  /** A few words for the status bar: "Starting: waiting for the engine". */
  String describe();

  /** Whether the VM process runs (true for Starting, Running, Degraded and Stopping). */
  default boolean processRuns() {
    return this instanceof Starting
        || this instanceof Running
        || this instanceof Degraded
        || this instanceof Stopping;
  }

  record Stopped() implements VmStatus {
    @Override
    public String describe() {
      return "Stopped";
    }
  }

  /**
   * @param phase what the boot is doing now, e.g. "booting the kernel", "waiting for the engine"
   */
  record Starting(String phase) implements VmStatus {
    @Override
    public String describe() {
      return "Starting: " + phase;
    }
  }

  /**
   * @param engine where the guest's engine answers, with the client certificate when it speaks TLS
   * @param kind which API answers there: the Docker API (moby) or containerd's own (gRPC)
   */
  record Running(EngineEndpoint engine, VmConfig.Engine kind) implements VmStatus {
    public Running {
      if (kind == null) kind = VmConfig.Engine.MOBY;
    }

    /** A VM whose engine is dockerd (moby). */
    public Running(EngineEndpoint engine) {
      this(engine, VmConfig.Engine.MOBY);
    }

    /** Whether the Docker API answers at {@link #engine()} (false for the containerd engine). */
    public boolean speaksDockerApi() {
      return kind == VmConfig.Engine.MOBY;
    }

    @Override
    public String describe() {
      return "Running ("
          + (kind == VmConfig.Engine.MOBY ? "" : "containerd, ")
          + engine.host()
          + ")";
    }
  }

  /**
   * @param reason what does not work although the VM runs, and what the user can do
   */
  record Degraded(String reason) implements VmStatus {
    @Override
    public String describe() {
      return "Degraded: " + reason;
    }
  }

  record Stopping() implements VmStatus {
    @Override
    public String describe() {
      return "Stopping";
    }
  }

  /**
   * @param reason what happened and what to do, in words a user can act on
   * @param consoleTail the last lines of the VM's console, oldest first, for the troubleshooting
   *     page
   */
  record Error(String reason, List<String> consoleTail) implements VmStatus {
    public Error {
      consoleTail = List.copyOf(consoleTail);
    }

    @Override
    public String describe() {
      return "Error: " + reason;
    }
  }
}
