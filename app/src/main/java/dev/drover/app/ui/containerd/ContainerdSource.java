package dev.drover.app.ui.containerd;

import dev.drover.engine.containerd.ContainerdEngine;
import java.util.Optional;

/**
 * The VM's containerd, if the VM runs with the containerd engine. The VM wiring supplies it:
 * present while the VM is Running with {@code engine: containerd}, empty otherwise, and it owns
 * (opens and closes) the engine client.
 */
public interface ContainerdSource {

  /** The containerd to show now; empty while there is none. Cheap and non-blocking, any thread. */
  Optional<ContainerdEngine> current();

  /**
   * Why {@link #current()} is empty, for the page to say so; not consulted while an engine is
   * present.
   */
  Absence absence();

  /**
   * Calls {@code changed} (on any thread) each time {@link #current()} or {@link #absence()} may
   * have changed, until the result is closed.
   */
  AutoCloseable subscribe(Runnable changed);

  /** Why there is no containerd to show. */
  enum Absence {
    /** The VM is stopped, starting or gone. */
    VM_NOT_RUNNING,
    /** The VM runs dockerd (moby): its containers are on the Containers page. */
    VM_RUNS_MOBY,
    /**
     * No VM is in use (it is not running, and would run dockerd): Drover uses another engine, if
     * any.
     */
    NO_VM
  }

  /** A source that never has an engine, for {@code why}. */
  static ContainerdSource none(Absence why) {
    return new ContainerdSource() {
      @Override
      public Optional<ContainerdEngine> current() {
        return Optional.empty();
      }

      @Override
      public Absence absence() {
        return why;
      }

      @Override
      public AutoCloseable subscribe(Runnable changed) {
        return () -> {}; // Nothing ever changes.
      }
    };
  }
}
