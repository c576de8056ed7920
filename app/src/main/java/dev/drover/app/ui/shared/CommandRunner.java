package dev.drover.app.ui.shared;

import dev.drover.app.ui.concurrent.Background;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Runs a list page's commands (create, remove, prune…) off the UI thread and keeps the page's two
 * lines of text: what the last command did, and why the last command or listing failed. An error
 * from listing clears when a listing succeeds again; a command's error stays until the next
 * command. Used on the UI thread.
 */
public final class CommandRunner {

  private final Background background;
  private final List<Class<? extends Exception>> readable;
  private final ReadOnlyStringWrapper error;
  private final ReadOnlyStringWrapper message;
  private boolean errorFromListing;

  /**
   * @param page the view model whose text this is (the properties' bean)
   * @param readable failures whose message reads on its own; others are prefixed with what failed
   */
  @SafeVarargs
  public CommandRunner(Background background, Object page, Class<? extends Exception>... readable) {
    this.background = background;
    this.readable = List.of(readable);
    this.error = new ReadOnlyStringWrapper(page, "error", "");
    this.message = new ReadOnlyStringWrapper(page, "message", "");
  }

  /** Why the last command or listing failed, in words a user can act on; empty when it did not. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** What the last command did, e.g. "Created volume data."; empty after a failure. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /**
   * Runs {@code work} off the UI thread; when it succeeds, shows the words it returns, clears the
   * error and runs {@code then} (on the UI thread). When it fails, shows why.
   */
  public void run(Callable<String> work, Runnable then) {
    background.run(
        work,
        done -> {
          errorFromListing = false;
          error.set("");
          message.set(done);
          then.run();
        },
        this::fail);
  }

  /** Shows why a command failed (or was refused before it ran). */
  public void fail(Exception failure) {
    errorFromListing = false;
    message.set("");
    error.set(describe(failure, "The command"));
  }

  /** A listing succeeded: an error it had shown goes. */
  public void listed() {
    if (errorFromListing) error.set("");
    errorFromListing = false;
  }

  /** Shows why {@code action} (the listing) failed, and returns the words. */
  public String listFailed(Exception failure, String action) {
    var reason = describe(failure, action);
    message.set("");
    error.set(reason);
    errorFromListing = true;
    return reason;
  }

  private String describe(Exception failure, String action) {
    if (failure.getMessage() != null && readable.stream().anyMatch(r -> r.isInstance(failure)))
      return failure.getMessage();
    return action
        + " failed: "
        + (failure.getMessage() == null
            ? failure.getClass().getSimpleName()
            : failure.getMessage());
  }
}
