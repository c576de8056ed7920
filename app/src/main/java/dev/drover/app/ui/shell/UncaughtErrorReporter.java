package dev.drover.app.ui.shell;

import dev.drover.app.ui.concurrent.UiDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence: anything thrown and not caught, on any thread, is logged with its stack
 * trace and shown to the user as a notice, instead of vanishing or killing a thread silently.
 */
public final class UncaughtErrorReporter implements Thread.UncaughtExceptionHandler {

  private final UiDispatcher ui;
  private final NoticesViewModel notices;
  private final String logLocation;

  public UncaughtErrorReporter(UiDispatcher ui, NoticesViewModel notices, String logLocation) {
    this.ui = ui;
    this.notices = notices;
    this.logLocation = logLocation;
  }

  @Override
  public void uncaughtException(Thread thread, Throwable failure) {
    log().error("uncaught on thread {}", thread.getName(), failure);
    var what =
        failure.getMessage() == null
            ? failure.getClass().getSimpleName()
            : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    ui.post(
        () ->
            notices.report(
                new Notice(
                    "Something went wrong",
                    what + ". Drover keeps running; the details are in " + logLocation + ".")));
  }

  // Looked up on first use: this class is created before the first frame, and logging starts up
  // slowly.
  private static Logger log() {
    return LoggerFactory.getLogger(UncaughtErrorReporter.class);
  }
}
