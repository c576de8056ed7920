package dev.drover.app.ui.images;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.CoalescedRead;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.app.ui.containers.stats.StatsSummary;
import dev.drover.app.ui.shell.EmptyTableText;
import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineErrors;
import dev.drover.engine.EngineException;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.ResourceKind;
import dev.drover.engine.images.ImageLayer;
import dev.drover.engine.images.ImageReference;
import dev.drover.engine.images.ImageService;
import dev.drover.engine.images.ImageSummary;
import dev.drover.engine.images.ImageTransfer;
import dev.drover.engine.images.LayerProgress;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Images page: the engine's images, re-listed whenever the engine reports an image change (and
 * after each connection), never polled; pull and push with progress; remove, tag and prune. Engine
 * work runs on {@link Background}; every property changes on the UI thread.
 */
public final class ImagesViewModel implements EngineListener {

  private static final Comparator<ImageRow> ORDER =
      Comparator.comparing((ImageRow r) -> r.dangling())
          .thenComparing(ImageRow::repository)
          .thenComparing(ImageRow::tag)
          .thenComparing(ImageRow::id);

  private final ImageService images;
  private final ImageBuilder builds;
  private final Background background;
  private final UiDispatcher ui;

  private final ReadOnlyListWrapper<ImageRow> rows =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
  private final BooleanProperty danglingOnly =
      new SimpleBooleanProperty(this, "danglingOnly", false);
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
  private final ReadOnlyStringWrapper placeholder =
      new ReadOnlyStringWrapper(this, "placeholder", "Connecting to the engine…");
  private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");

  private final ReadOnlyBooleanWrapper pulling = new ReadOnlyBooleanWrapper(this, "pulling", false);
  private final ReadOnlyDoubleWrapper pullProgress =
      new ReadOnlyDoubleWrapper(this, "pullProgress", 0);
  private final ReadOnlyStringWrapper pullStatus =
      new ReadOnlyStringWrapper(this, "pullStatus", "");
  private final ReadOnlyListWrapper<LayerRow> pullLayers =
      new ReadOnlyListWrapper<>(observableArrayList());

  private final CoalescedRead<List<ImageSummary>> listing;

  /**
   * Container events reach the UI thread together: a burst of creations is one update and one list.
   */
  private final Consumer<ContainerUpdate> containerUpdates;

  private List<ImageRow> all = List.of();

  /** The containers on the engine, by id, as its container updates tell them; UI thread. */
  private final Set<String> knownContainers = new HashSet<>();

  private String engineText = "Connecting to the engine…";

  /**
   * Set on the worker thread once the engine has accepted the transfer; read by {@link
   * #cancelPull()}.
   */
  private volatile ImageTransfer transfer;

  private volatile boolean cancelRequested;

  public ImagesViewModel(ImageService images, Background background, UiDispatcher ui) {
    this(images, null, background, ui);
  }

  /**
   * With {@code builds}, the page can also build images from a folder; without (null), Build is
   * unavailable.
   */
  public ImagesViewModel(
      ImageService images, ImageBuilder builds, Background background, UiDispatcher ui) {
    this.images = images;
    this.builds = builds;
    this.background = background;
    this.ui = ui;
    this.listing =
        new CoalescedRead<>(
            background,
            images::list,
            list -> {
              all = list.stream().flatMap(i -> ImageRow.of(i).stream()).sorted(ORDER).toList();
              applyFilter();
            },
            failure -> error.set(describe(failure)));
    this.containerUpdates = ui.batching(this::containersChanged);
    filter.addListener((obs, was, now) -> applyFilter());
    danglingOnly.addListener((obs, was, now) -> applyFilter());
  }

  /** The images shown: filtered, sorted by repository, dangling ones last. */
  public ReadOnlyListProperty<ImageRow> rowsProperty() {
    return rows.getReadOnlyProperty();
  }

  /** Text matched against {@code repository:tag} and the image id. */
  public StringProperty filterProperty() {
    return filter;
  }

  public BooleanProperty danglingOnlyProperty() {
    return danglingOnly;
  }

  /**
   * The last command's failure as a sentence the user can act on; empty when the last command
   * worked.
   */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /**
   * What the last command did, e.g. "Removed 2 dangling images, 12.3 MB reclaimed."; empty when
   * nothing to say.
   */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  /** What the empty table says: why it is empty. */
  public ReadOnlyStringProperty placeholderProperty() {
    return placeholder.getReadOnlyProperty();
  }

  /** The JSON of the last image inspected. */
  public ReadOnlyStringProperty detailsProperty() {
    return details.getReadOnlyProperty();
  }

  /** True while a pull or push runs. */
  public ReadOnlyBooleanProperty pullingProperty() {
    return pulling.getReadOnlyProperty();
  }

  /** 0..1 over the bytes known so far; 1 once the pull or push has finished. */
  public ReadOnlyDoubleProperty pullProgressProperty() {
    return pullProgress.getReadOnlyProperty();
  }

  /** A line saying where the pull or push is, or how it ended. */
  public ReadOnlyStringProperty pullStatusProperty() {
    return pullStatus.getReadOnlyProperty();
  }

  public ReadOnlyListProperty<LayerRow> pullLayersProperty() {
    return pullLayers.getReadOnlyProperty();
  }

  @Override
  public void statusChanged(EngineStatus status) {
    var text =
        EmptyTableText.of(status, "No images on this engine yet. Pull one with the field above.");
    ui.post(
        () -> {
          engineText = text;
          showPlaceholder();
        });
  }

  @Override
  public void containersChanged(ContainerUpdate update) {
    containerUpdates.accept(update);
  }

  /**
   * "In use by" counts containers made from each image: one made or removed changes it, a start or
   * stop does not.
   */
  private void containersChanged(List<ContainerUpdate> updates) {
    var changed = false;
    for (var update : updates) {
      changed |=
          switch (update) {
            case ContainerUpdate.Reset reset -> {
              var ids =
                  reset.containers().stream().map(ContainerSummary::id).collect(Collectors.toSet());
              var differ = !ids.equals(knownContainers);
              knownContainers.clear();
              knownContainers.addAll(ids);
              yield differ;
            }
            case ContainerUpdate.Upsert upsert -> knownContainers.add(upsert.container().id());
            case ContainerUpdate.Removed removed -> knownContainers.remove(removed.id());
          };
    }
    if (changed) refresh();
  }

  @Override
  public void resourcesChanged(Set<ResourceKind> kinds) {
    if (kinds.contains(ResourceKind.IMAGES)) ui.post(this::refresh);
  }

  /**
   * Lists the images again. A call while a list is under way asks for one more list after it, not a
   * second one now.
   */
  public void refresh() {
    listing.request();
  }

  private void applyFilter() {
    var text = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
    var onlyDangling = danglingOnly.get();
    rows.setAll(
        all.stream()
            .filter(r -> !onlyDangling || r.dangling())
            .filter(
                r ->
                    text.isEmpty()
                        || r.reference().toLowerCase(Locale.ROOT).contains(text)
                        || r.id()
                            .toLowerCase(Locale.ROOT)
                            .replace("sha256:", "")
                            .startsWith(text.replace("sha256:", "")))
            .toList());
    showPlaceholder();
  }

  /**
   * Why the table is empty: the engine's state, no images at all, or a filter that matches none.
   */
  private void showPlaceholder() {
    var text = filter.get() == null ? "" : filter.get().strip();
    if (all.isEmpty() || (text.isEmpty() && !danglingOnly.get())) placeholder.set(engineText);
    else if (text.isEmpty())
      placeholder.set("No dangling images. Turn off “Dangling only” to see them all.");
    else
      placeholder.set(
          "No "
              + (danglingOnly.get() ? "dangling " : "")
              + "image matches “"
              + text
              + "”. Clear the filter"
              + (danglingOnly.get() ? " or turn off “Dangling only”" : "")
              + " to see them all.");
  }

  /**
   * Pulls {@code reference}, reporting progress; the image appears in the list when the engine
   * reports it.
   */
  public void pull(String reference) {
    var name = reference == null ? "" : reference.strip();
    // A malformed name is explained at once; the engine is not asked and no progress is shown.
    try {
      ImageReference.parse(name);
    } catch (IllegalArgumentException invalid) {
      notice.set("");
      error.set(invalid.getMessage());
      return;
    }
    transfer(
        "Pulling " + name,
        "Pulled " + name,
        progress ->
            images.pull(
                name, p -> progress.accept(new Snapshot(p.layers(), p.fraction(), p.status()))));
  }

  /** Pushes the selected name to its registry, with the same progress area as a pull. */
  public void push(ImageRow row) {
    if (row.dangling()) {
      error.set("An image without a name cannot be pushed; tag it with a registry name first.");
      return;
    }
    var name = row.reference();
    transfer(
        "Pushing " + name,
        "Pushed " + name,
        progress ->
            images.push(
                name, p -> progress.accept(new Snapshot(p.layers(), p.fraction(), p.status()))));
  }

  /** Stops the running pull or push. */
  public void cancelPull() {
    if (!pulling.get()) return;
    pullStatus.set("Cancelling…");
    cancelRequested = true;
    var running = transfer;
    if (running != null) running.cancel();
  }

  private record Snapshot(List<LayerProgress> layers, double fraction, String status) {}

  private void transfer(
      String doing, String done, Function<Consumer<Snapshot>, ImageTransfer> start) {
    if (pulling.get()) {
      error.set("A pull or push is already running; wait for it or cancel it first.");
      return;
    }
    error.set("");
    notice.set("");
    pulling.set(true);
    pullProgress.set(0);
    pullLayers.clear();
    pullStatus.set(doing + "…");
    cancelRequested = false;
    transfer = null;
    // Only the newest snapshot of a batch matters: each one holds every layer.
    Consumer<Snapshot> progress =
        ui.batching(
            batch -> {
              if (!pulling.get()) return;
              var last = batch.getLast();
              pullProgress.set(last.fraction());
              pullLayers.setAll(last.layers().stream().map(LayerRow::of).toList());
              if (last.status() != null && !last.status().isBlank()) pullStatus.set(last.status());
            });
    background.run(
        () -> {
          var started = start.apply(progress);
          transfer = started;
          if (cancelRequested) started.cancel();
          started.await();
          return null;
        },
        ignored -> {
          transfer = null;
          pullProgress.set(1);
          pullStatus.set(done + ".");
          // Last, so whoever watches "pulling" sees the outcome in place when it turns false.
          pulling.set(false);
          refresh();
        },
        failure -> {
          transfer = null;
          if (failure instanceof CancellationException || cancelRequested) {
            pullStatus.set(doing + " was cancelled.");
          } else {
            pullStatus.set(doing + " failed.");
            error.set(describe(failure));
          }
          pulling.set(false);
        });
  }

  /**
   * Removes the name on {@code row} (or the image, when it has no name). Without {@code force}, an
   * image that containers were created from is refused with the number of containers; the view asks
   * before calling this.
   */
  public void remove(ImageRow row, boolean force) {
    error.set("");
    notice.set("");
    background.run(
        () -> {
          images.remove(row.removeTarget(), force);
          return null;
        },
        ignored -> {
          notice.set((row.removeDeletesImage() ? "Removed " : "Untagged ") + row.reference() + ".");
          refresh();
        },
        failure -> error.set(describe(failure)));
  }

  /** Removes every dangling image that no container uses, and says how much that gave back. */
  public void prune() {
    error.set("");
    notice.set("");
    background.run(
        images::pruneDangling,
        result -> {
          notice.set(
              result.imagesRemoved() == 0
                  ? "No dangling images to remove."
                  : "Removed "
                      + result.imagesRemoved()
                      + (result.imagesRemoved() == 1 ? " dangling image, " : " dangling images, ")
                      + ImageRow.humanBytes(result.bytesReclaimed())
                      + " reclaimed.");
          refresh();
        },
        failure -> error.set(describe(failure)));
  }

  /**
   * Gives the image on {@code row} the extra name {@code target} ("repository:tag"; "latest" when
   * no tag).
   */
  public void tag(ImageRow row, String target) {
    error.set("");
    notice.set("");
    ImageReference reference;
    try {
      reference = ImageReference.parse(target);
    } catch (IllegalArgumentException invalid) {
      error.set(invalid.getMessage());
      return;
    }
    if (reference.digest().isPresent()) {
      error.set(
          "A new name cannot hold a digest: give a tag, e.g. " + reference.repository() + ":1.0.");
      return;
    }
    var tag = reference.tag().orElse("latest");
    background.run(
        () -> {
          images.tag(row.id(), reference.repository(), tag);
          return null;
        },
        ignored -> {
          notice.set("Tagged " + row.shortId() + " as " + reference.repository() + ":" + tag + ".");
          refresh();
        },
        failure -> error.set(describe(failure)));
  }

  /** Loads the engine's JSON for the image on {@code row} into {@link #detailsProperty()}. */
  public void inspect(ImageRow row) {
    error.set("");
    details.set("");
    background.run(
        () -> images.inspect(row.id()), details::set, failure -> error.set(describe(failure)));
  }

  /** Loads the image's layers, newest first, as text into {@link #detailsProperty()}. */
  public void history(ImageRow row) {
    error.set("");
    details.set("");
    background.run(
        () -> historyText(images.history(row.id())),
        details::set,
        failure -> error.set(describe(failure)));
  }

  /** "SIZE CREATED CREATED BY" lines, as `docker history` prints them. */
  static String historyText(List<ImageLayer> layers) {
    var text =
        new StringBuilder(String.format("%-12s  %-20s  %s%n", "SIZE", "CREATED", "CREATED BY"));
    for (var layer : layers) {
      var created =
          layer.created().equals(Instant.EPOCH)
              ? "-"
              : DateTimeFormatter.ISO_LOCAL_DATE_TIME
                  .format(LocalDateTime.ofInstant(layer.created(), ZoneOffset.UTC))
                  .substring(0, 19);
      text.append(
          String.format(
              "%-12s  %-20s  %s%n",
              StatsSummary.bytes(layer.size()), created, layer.createdBy().strip()));
    }
    return text.toString();
  }

  /**
   * A fresh Build image dialog model, or empty when this page was made without an image builder.
   */
  public Optional<BuildImageViewModel> newBuild() {
    return Optional.ofNullable(builds).map(b -> new BuildImageViewModel(b, background));
  }

  public void clearError() {
    error.set("");
  }

  private static String describe(Exception failure) {
    if (failure instanceof EngineException || failure instanceof IllegalArgumentException)
      return failure.getMessage();
    return "Something went wrong: " + EngineErrors.describe(failure, null);
  }
}
