package dev.drover.app.ui.tray;

/**
 * Starting and stopping the container engine, as the tray offers it.
 *
 * <p>Hook for the VM driver: when Drover runs its own engine in a VM, the driver's adapter
 * implements this with {@link #ownsEngine()} true, and {@link dev.drover.app.Drover} passes it
 * instead of {@link #connectionOnly(Runnable)}. Until then Drover only connects to an engine
 * someone else runs, which it must not stop; "restart" then means connecting again.
 *
 * <p>The methods block until the engine has done what was asked (or failed, with a message a user
 * can act on); callers run them off the UI thread.
 */
public interface EngineControl {

  /** Whether Drover runs the engine itself, so that starting and stopping it is Drover's to do. */
  boolean ownsEngine();

  void start() throws Exception;

  void stop() throws Exception;

  void restart() throws Exception;

  /** An engine Drover only connects to: start and restart reconnect now; stop is refused. */
  static EngineControl connectionOnly(Runnable reconnect) {
    return new EngineControl() {
      @Override
      public boolean ownsEngine() {
        return false;
      }

      @Override
      public void start() {
        reconnect.run();
      }

      @Override
      public void stop() {
        throw new UnsupportedOperationException(
            "Drover did not start this engine, so it does not stop it. Stop it where it was started.");
      }

      @Override
      public void restart() {
        reconnect.run();
      }
    };
  }
}
