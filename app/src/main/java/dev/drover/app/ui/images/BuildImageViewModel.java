package dev.drover.app.ui.images;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.engine.EngineErrors;
import dev.drover.engine.EngineException;
import dev.drover.engine.images.BuildHandle;
import dev.drover.engine.images.ImageBuilds;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Build image dialog: a folder, a Dockerfile name and a tag; Build streams the engine's output
 * into a bounded list (batched onto the UI thread), and Cancel stops it. Engine work runs on {@link
 * Background}; every property changes on the UI thread.
 */
public final class BuildImageViewModel {

  /** At most this many output lines are kept; older ones are dropped first. */
  public static final int MAX_LINES = 10_000;

  private final ImageBuilder builds;
  private final Background background;

  private final StringProperty folder = new SimpleStringProperty(this, "folder", "");
  private final StringProperty dockerfile =
      new SimpleStringProperty(this, "dockerfile", ImageBuilds.DEFAULT_DOCKERFILE);
  private final StringProperty tag = new SimpleStringProperty(this, "tag", "");
  private final ReadOnlyBooleanWrapper building =
      new ReadOnlyBooleanWrapper(this, "building", false);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
  private final ReadOnlyStringWrapper imageId = new ReadOnlyStringWrapper(this, "imageId", "");
  private final ReadOnlyListWrapper<String> output =
      new ReadOnlyListWrapper<>(observableArrayList());

  /** Set on the worker thread once the engine has accepted the build; read by {@link #cancel()}. */
  private volatile BuildHandle running;

  private volatile boolean cancelRequested;

  /** Which build the batched lines belong to: lines of an older build are dropped. */
  private int generation;

  public BuildImageViewModel(ImageBuilder builds, Background background) {
    this.builds = builds;
    this.background = background;
  }

  /** The build context: the folder whose files are sent to the engine. */
  public StringProperty folderProperty() {
    return folder;
  }

  /** The Dockerfile's name inside the folder; blank means "Dockerfile". */
  public StringProperty dockerfileProperty() {
    return dockerfile;
  }

  /** The name the built image gets, e.g. "team/app:1.0". */
  public StringProperty tagProperty() {
    return tag;
  }

  public ReadOnlyBooleanProperty buildingProperty() {
    return building.getReadOnlyProperty();
  }

  /** Where the build is, or how it ended. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /**
   * Why the last build failed or could not start, as a sentence the user can act on; empty
   * otherwise.
   */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** The id of the image the last build made; empty until one succeeds. */
  public ReadOnlyStringProperty imageIdProperty() {
    return imageId.getReadOnlyProperty();
  }

  /** The engine's output, line by line, at most {@link #MAX_LINES}. */
  public ReadOnlyListProperty<String> outputProperty() {
    return output.getReadOnlyProperty();
  }

  /**
   * Starts a build of the folder; the input is checked first and a mistake is explained without
   * asking the engine.
   */
  public void build() {
    if (building.get()) return;
    var name = tag.get() == null ? "" : tag.get().strip();
    var dockerfileName = dockerfile.get();
    Path context;
    try {
      var text = folder.get() == null ? "" : folder.get().strip();
      context = text.isEmpty() ? null : Path.of(text);
    } catch (InvalidPathException invalid) {
      fail("\"" + folder.get() + "\" is not a folder path.");
      return;
    }
    error.set("");
    imageId.set("");
    output.clear();
    building.set(true);
    status.set("Building " + name + "…");
    cancelRequested = false;
    running = null;
    var mine = ++generation;
    Consumer<String> lines = background.ui().batching(batch -> append(mine, batch));
    background.run(
        () -> {
          var handle = builds.build(context, dockerfileName, name, lines);
          running = handle;
          if (cancelRequested) handle.cancel();
          return handle.await();
        },
        id -> {
          running = null;
          imageId.set(id);
          status.set("Built " + name + " (" + shortId(id) + ").");
          building.set(false);
        },
        failure -> {
          running = null;
          if (failure instanceof CancellationException || cancelRequested) {
            status.set("The build was cancelled.");
          } else {
            status.set("The build failed.");
            error.set(describe(failure));
          }
          building.set(false);
        });
  }

  /** Stops the running build; the engine abandons it. */
  public void cancel() {
    if (!building.get()) return;
    status.set("Cancelling…");
    cancelRequested = true;
    var handle = running;
    if (handle != null) handle.cancel();
  }

  private void append(int build, List<String> batch) {
    if (build != generation) return;
    var overflow = output.size() + batch.size() - MAX_LINES;
    if (overflow >= output.size()) {
      output.setAll(batch.subList(batch.size() - Math.min(batch.size(), MAX_LINES), batch.size()));
      return;
    }
    if (overflow > 0) output.remove(0, overflow);
    output.addAll(batch);
  }

  private void fail(String message) {
    status.set("");
    error.set(message);
  }

  private static String shortId(String id) {
    var hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  private static String describe(Exception failure) {
    if (failure instanceof EngineException || failure instanceof IllegalArgumentException)
      return failure.getMessage();
    return "Something went wrong: " + EngineErrors.describe(failure, null);
  }
}
