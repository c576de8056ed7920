package dev.drover.app.ui.containerd;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.CoalescedRead;
import dev.drover.engine.containerd.ContainerdEngine;
import dev.drover.engine.containerd.ContainerdListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The containerd page: what the VM's containerd holds when the VM runs containerd alone (no
 * dockerd), one namespace (or all) at a time, and the commands a user issues on it. The lists
 * follow containerd's event stream: events are batched onto the UI thread and a burst of them
 * becomes one re-read after a short pause, never one per event.
 *
 * <p>Confined to the UI thread; every engine call runs on {@link Background}.
 */
public final class ContainerdViewModel {

  /**
   * The namespace choice that shows every namespace at once; no containerd namespace can be named
   * so (a space).
   */
  public static final String ALL_NAMESPACES = "All namespaces";

  /**
   * How long a stop waits for the task to exit on SIGTERM before it sends SIGKILL, as {@code
   * nerdctl stop}.
   */
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /**
   * How long events gather before the lists are read again: a burst is one read, yet a change shows
   * at once.
   */
  static final Duration SETTLE = Duration.ofMillis(100);

  private static final String READ_FAILED = "Reading containerd failed: ";

  private final ContainerdSource source;
  private final Background background;
  private final Duration settle;
  private final ReadOnlyListWrapper<String> namespaces =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ObjectProperty<String> namespace = new SimpleObjectProperty<>();
  private final ReadOnlyListWrapper<ContainerdRow> containers =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ReadOnlyListWrapper<ContainerdImageRow> images =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final FilteredList<ContainerdRow> visibleContainers = new FilteredList<>(containers);
  private final FilteredList<ContainerdImageRow> visibleImages = new FilteredList<>(images);
  private final StringProperty filterText = new SimpleStringProperty("");
  private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("");

  /** What the empty tables say when no filter narrows them. */
  private final ReadOnlyStringWrapper unfiltered = new ReadOnlyStringWrapper("");

  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
  private final Consumer<Signal> signals;
  private final CoalescedRead<Snapshot> reload;
  private volatile ReadTarget target;
  private ContainerdEngine engine;
  private AutoCloseable subscription;
  private int generation;
  private AutoCloseable sourceSubscription = () -> {};
  private boolean started;
  private boolean settling;
  private boolean streamDown;
  private boolean applyingRead;
  private int commandsRunning;

  /** What containerd's event stream told, tagged with the engine it came from. */
  private sealed interface Signal {
    int generation();
  }

  private record Changed(int generation, String namespace, String topic) implements Signal {}

  private record Disconnected(int generation, String reason) implements Signal {}

  private record Connected(int generation) implements Signal {}

  /** Which engine and namespace choice a read is for: a read for an older one is dropped. */
  private record ReadTarget(int generation, ContainerdEngine engine, String namespace) {}

  /** One read of containerd: its namespaces, and the chosen namespace's containers and images. */
  private record Snapshot(
      ReadTarget target,
      List<String> namespaces,
      String chosen,
      List<ContainerdRow> containers,
      List<ContainerdImageRow> images,
      RuntimeException failure) {}

  public ContainerdViewModel(ContainerdSource source, Background background) {
    this(source, background, SETTLE);
  }

  /**
   * @param settle how long events gather before the lists are read again; zero reads at each batch
   *     (tests)
   */
  ContainerdViewModel(ContainerdSource source, Background background, Duration settle) {
    this.source = source;
    this.background = background;
    this.settle = settle;
    this.signals = background.ui().batching(this::signalsArrived);
    this.reload = new CoalescedRead<>(background, this::read, this::applyRead, this::readFailed);
    visibleContainers
        .predicateProperty()
        .bind(Bindings.createObjectBinding(this::containerFilter, filterText));
    visibleImages
        .predicateProperty()
        .bind(Bindings.createObjectBinding(this::imageFilter, filterText));
    placeholder.bind(
        Bindings.createStringBinding(
            () -> {
              var typed = filterText.get() == null ? "" : filterText.get().strip();
              if (typed.isEmpty() || (containers.isEmpty() && images.isEmpty()))
                return unfiltered.get();
              return "Nothing here matches “" + typed + "”. Clear the filter to see everything.";
            },
            unfiltered,
            filterText,
            containers,
            images));
    namespace.addListener(
        (obs, was, now) -> {
          if (applyingRead || Objects.equals(was, now)) return;
          if (now == null) {
            // A choice box emptied while its items were replaced: keep the namespace the user
            // chose.
            applyingRead = true;
            try {
              namespace.set(was);
            } finally {
              applyingRead = false;
            }
            return;
          }
          containers.clear();
          images.clear();
          requestReload();
        });
  }

  /** Follows the source from now on and reads what containerd holds; on the UI thread, once. */
  public void open() {
    if (started) return;
    started = true;
    sourceSubscription = source.subscribe(() -> background.ui().post(this::sourceChanged));
    sourceChanged();
  }

  /** Stops following the source and containerd's events. */
  public void close() {
    generation++;
    closeSubscription();
    try {
      sourceSubscription.close();
    } catch (Exception ignored) {
      // Nothing is left to hear.
    }
  }

  /** The namespaces to choose from: {@link #ALL_NAMESPACES} first, then containerd's, by name. */
  public ReadOnlyListProperty<String> namespacesProperty() {
    return namespaces.getReadOnlyProperty();
  }

  /**
   * The chosen namespace, or {@link #ALL_NAMESPACES}; "default" until the user picks another (else
   * the first).
   */
  public ObjectProperty<String> namespaceProperty() {
    return namespace;
  }

  public ReadOnlyListProperty<ContainerdRow> containersProperty() {
    return containers.getReadOnlyProperty();
  }

  public ReadOnlyListProperty<ContainerdImageRow> imagesProperty() {
    return images.getReadOnlyProperty();
  }

  /** The containers that pass the filter text. */
  public ObservableList<ContainerdRow> visibleContainers() {
    return visibleContainers;
  }

  /** The images that pass the filter text. */
  public ObservableList<ContainerdImageRow> visibleImages() {
    return visibleImages;
  }

  /**
   * Matches a container's name, id, image, state or namespace, an image's name or digest; ignoring
   * case.
   */
  public StringProperty filterTextProperty() {
    return filterText;
  }

  /**
   * Whether there is a containerd to show: without one the page says why in {@link
   * #noticeProperty()}.
   */
  public ReadOnlyBooleanProperty availableProperty() {
    return available.getReadOnlyProperty();
  }

  /**
   * Why the lists are missing or may be stale: no containerd (and what to do), containerd not
   * answering. Empty while all is well.
   */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  /** What an empty table says. */
  public ReadOnlyStringProperty placeholderProperty() {
    return placeholder.getReadOnlyProperty();
  }

  /** What the last command is doing or did, e.g. "Stopping web…" or "Stopped web, api". */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** containerd's words when a command failed or was refused; empty otherwise. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** True while a command the user issued is running. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Whether start applies to one of {@code selected}: the view enables its button by it. */
  public static boolean canStart(List<ContainerdRow> selected) {
    return selected.stream().anyMatch(ContainerdRow::startable);
  }

  /** Whether stop applies to one of {@code selected}. */
  public static boolean canStop(List<ContainerdRow> selected) {
    return selected.stream().anyMatch(ContainerdRow::running);
  }

  /**
   * Whether remove can go ahead for one of {@code selected}: containerd removes only containers
   * without a running task.
   */
  public static boolean canRemove(List<ContainerdRow> selected) {
    return selected.stream().anyMatch(row -> !row.running());
  }

  /** Starts the selected containers that are not running. */
  public void start(List<ContainerdRow> selected) {
    var targets = selected.stream().filter(ContainerdRow::startable).toList();
    if (targets.isEmpty()) return;
    run(
        "Starting",
        "Started",
        targets,
        ContainerdRow::name,
        "containers",
        (engine, row) -> engine.start(row.namespace(), row.id()));
  }

  /** Stops the selected running containers: SIGTERM, then SIGKILL after {@link #STOP_GRACE}. */
  public void stop(List<ContainerdRow> selected) {
    var targets = selected.stream().filter(ContainerdRow::running).toList();
    if (targets.isEmpty()) return;
    run(
        "Stopping",
        "Stopped",
        targets,
        ContainerdRow::name,
        "containers",
        (engine, row) -> engine.stop(row.namespace(), row.id(), STOP_GRACE));
  }

  /**
   * The question to ask before {@link #remove}: what will be lost, and what will be left because it
   * runs.
   */
  public String removalQuestion(List<ContainerdRow> selected) {
    var removable = selected.stream().filter(row -> !row.running()).toList();
    var what =
        removable.size() == 1
            ? "container " + removable.getFirst().name()
            : removable.size() + " containers";
    var running = selected.size() - removable.size();
    var left =
        running == 0
            ? ""
            : " "
                + running
                + (running == 1 ? " running container stays" : " running containers stay")
                + ": stop "
                + (running == 1 ? "it" : "them")
                + " first.";
    return "Remove "
        + what
        + " and "
        + (removable.size() == 1 ? "its" : "their")
        + " snapshots?"
        + left
        + " This cannot be undone.";
  }

  /**
   * Removes the selected containers that have no running task; the view has asked first. A running
   * one is refused with what to do, as containerd itself would refuse it.
   */
  public void remove(List<ContainerdRow> selected) {
    var running = selected.stream().filter(ContainerdRow::running).toList();
    var targets = selected.stream().filter(row -> !row.running()).toList();
    var refusal =
        running.isEmpty()
            ? ""
            : describe(running, ContainerdRow::name, "containers")
                + (running.size() == 1
                    ? " is running: stop it first, then remove it."
                    : " are running: stop them first, then remove them.");
    if (targets.isEmpty()) {
      error.set(refusal);
      status.set("");
      return;
    }
    run(
        "Removing",
        "Removed",
        targets,
        ContainerdRow::name,
        "containers",
        (engine, row) -> engine.remove(row.namespace(), row.id()),
        refusal);
  }

  /** The question to ask before {@link #removeImages}. */
  public String imageRemovalQuestion(List<ContainerdImageRow> selected) {
    var what =
        selected.size() == 1 ? "image " + selected.getFirst().name() : selected.size() + " images";
    return "Remove "
        + what
        + " from namespace "
        + describeNamespaces(selected)
        + "? Content no other image uses is"
        + " deleted; pulling "
        + (selected.size() == 1 ? "it" : "them")
        + " again downloads it anew.";
  }

  /** Removes the selected images by name; the view has asked first. */
  public void removeImages(List<ContainerdImageRow> selected) {
    if (selected.isEmpty()) return;
    run(
        "Removing",
        "Removed",
        List.copyOf(selected),
        ContainerdImageRow::name,
        "images",
        (engine, row) -> engine.removeImage(row.namespace(), row.name()));
  }

  private static String describeNamespaces(List<ContainerdImageRow> rows) {
    return String.join(
        ", ", rows.stream().map(ContainerdImageRow::namespace).distinct().sorted().toList());
  }

  @FunctionalInterface
  private interface Command<T> {
    void run(ContainerdEngine engine, T target);
  }

  private <T> void run(
      String progressive,
      String pastTense,
      List<T> targets,
      Function<T, String> name,
      String plural,
      Command<T> command) {
    run(progressive, pastTense, targets, name, plural, command, "");
  }

  /**
   * Runs {@code command} on every target at once, off the UI thread; {@code refusal} is shown with
   * any failures.
   */
  private <T> void run(
      String progressive,
      String pastTense,
      List<T> targets,
      Function<T, String> name,
      String plural,
      Command<T> command,
      String refusal) {
    var onEngine = engine;
    if (onEngine == null) return;
    commandsRunning++;
    busy.set(true);
    error.set(refusal);
    status.set(progressive + " " + describe(targets, name, plural) + "…");
    background.run(
        () -> {
          // All at once: stopping five containers that each take their grace period should not take
          // five of them.
          var failures = Collections.synchronizedList(new ArrayList<String>());
          try (var each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var target : targets) {
              each.execute(
                  () -> {
                    try {
                      command.run(onEngine, target);
                    } catch (RuntimeException e) {
                      failures.add(name.apply(target) + ": " + e.getMessage());
                    }
                  });
            }
          }
          return List.copyOf(failures);
        },
        failures -> {
          commandFinished();
          var done = targets.size() - failures.size();
          status.set(
              done == 0
                  ? ""
                  : pastTense
                      + " "
                      + (done == targets.size()
                          ? describe(targets, name, plural)
                          : done + " of " + targets.size() + " " + plural));
          var errors = new ArrayList<String>();
          if (!refusal.isEmpty()) errors.add(refusal);
          errors.addAll(failures);
          error.set(String.join("\n", errors));
        },
        failure -> {
          commandFinished();
          status.set("");
          error.set(failure.getMessage());
        });
  }

  private void commandFinished() {
    commandsRunning--;
    busy.set(commandsRunning > 0);
    // The event stream says so too, but it may be down: the lists must show what the command did.
    requestReload();
  }

  private static <T> String describe(List<T> targets, Function<T, String> name, String plural) {
    return targets.size() <= 3
        ? String.join(", ", targets.stream().map(name).toList())
        : targets.size() + " " + plural;
  }

  private void sourceChanged() {
    var next = source.current().orElse(null);
    if (next != null && next == engine) return;
    generation++;
    closeSubscription();
    streamDown = false;
    engine = next;
    target = null;
    if (next == null) {
      available.set(false);
      namespaces.clear();
      containers.clear();
      images.clear();
      notice.set(absenceText(source.absence()));
      unfiltered.set("No containerd to read: see above.");
      return;
    }
    available.set(true);
    notice.set("");
    unfiltered.set("Reading containerd…");
    var subscribedFor = generation;
    var listener =
        new ContainerdListener() {
          @Override
          public void changed(String namespace, String topic) {
            signals.accept(new Changed(subscribedFor, namespace, topic));
          }

          @Override
          public void disconnected(String reason) {
            signals.accept(new Disconnected(subscribedFor, reason));
          }

          @Override
          public void connected() {
            signals.accept(new Connected(subscribedFor));
          }
        };
    // Listens first, then reads: a change between the two is in the read or arrives as an event.
    background.run(
        () -> next.subscribe(listener),
        handle -> {
          if (subscribedFor != generation) {
            closeQuietly(handle);
            return;
          }
          subscription = handle;
          requestReload();
        },
        failure -> {
          if (subscribedFor != generation) return;
          notice.set(
              "Drover cannot follow containerd's changes ("
                  + failure.getMessage()
                  + "); the lists show what it held when last read.");
          requestReload();
        });
  }

  static String absenceText(ContainerdSource.Absence absence) {
    return switch (absence) {
      case VM_RUNS_MOBY ->
          "Drover's VM runs the Docker engine (moby). Choose the containerd engine in Settings → VM, "
              + "then restart the VM.";
      case NO_VM ->
          "No VM is in use: Drover shows the Docker engine it connects to on the Containers page. This page "
              + "shows containerd when Drover's VM runs it: choose the containerd engine in Settings → VM and start the VM.";
      case VM_NOT_RUNNING ->
          "The VM is not running. Start it (it runs containerd, as chosen in Settings → VM) and "
              + "its containers and images show here.";
    };
  }

  static String disconnectedText(String reason) {
    return "containerd stopped answering: " + reason + " — it reconnects by itself";
  }

  private void closeSubscription() {
    var handle = subscription;
    subscription = null;
    if (handle != null) background.run(handle::close, failure -> {});
  }

  private static void closeQuietly(AutoCloseable handle) {
    try {
      handle.close();
    } catch (Exception ignored) {
      // A stream that fails to close has ended anyway.
    }
  }

  private void signalsArrived(List<Signal> batch) {
    var readNow = false;
    var readSoon = false;
    for (var signal : batch) {
      if (signal.generation() != generation) continue;
      switch (signal) {
        case Disconnected disconnected -> {
          streamDown = true;
          notice.set(disconnectedText(disconnected.reason()));
        }
        case Connected connected -> {
          streamDown = false;
          notice.set("");
          readNow = true;
        }
        case Changed changed -> readSoon |= affectsShownLists(changed);
      }
    }
    if (readNow) requestReload();
    else if (readSoon) reloadSoon();
  }

  private boolean affectsShownLists(Changed changed) {
    var shown = namespace.get();
    return shown == null
        || ALL_NAMESPACES.equals(shown)
        || shown.equals(changed.namespace())
        || changed.topic().startsWith("/namespaces")
        || !namespaces.contains(changed.namespace());
  }

  /** One read after {@link #settle}, however many events arrive meanwhile. */
  private void reloadSoon() {
    if (settling) return;
    if (settle.isZero()) {
      requestReload();
      return;
    }
    settling = true;
    background.run(
        () -> {
          Thread.sleep(settle);
          return null;
        },
        done -> {
          settling = false;
          requestReload();
        },
        interrupted -> {
          settling = false;
          requestReload();
        });
  }

  private void requestReload() {
    if (engine == null) return;
    target = new ReadTarget(generation, engine, namespace.get());
    reload.request();
  }

  /** Off the UI thread. */
  private Snapshot read() {
    var reading = target;
    if (reading == null) return null;
    try {
      return read(reading);
    } catch (RuntimeException failure) {
      return new Snapshot(reading, List.of(), null, List.of(), List.of(), failure);
    }
  }

  private static Snapshot read(ReadTarget reading) {
    var engine = reading.engine();
    var names = engine.namespaces();
    var chosen = choose(reading.namespace(), names);
    var read =
        chosen == null
            ? List.<String>of()
            : ALL_NAMESPACES.equals(chosen) ? names : List.of(chosen);
    var containerRows = new ArrayList<ContainerdRow>();
    var imageRows = new ArrayList<ContainerdImageRow>();
    for (var each : read) {
      engine.containers(each).forEach(container -> containerRows.add(ContainerdRow.of(container)));
      engine.images(each).forEach(image -> imageRows.add(ContainerdImageRow.of(image)));
    }
    containerRows.sort(
        Comparator.comparing(ContainerdRow::namespace)
            .thenComparing(ContainerdRow::name)
            .thenComparing(ContainerdRow::id));
    imageRows.sort(
        Comparator.comparing(ContainerdImageRow::namespace)
            .thenComparing(ContainerdImageRow::name));
    return new Snapshot(reading, List.copyOf(names), chosen, containerRows, imageRows, null);
  }

  /**
   * The user's choice while it exists; else "default" if present, else the first namespace; null
   * when there is none.
   */
  static String choose(String wanted, List<String> existing) {
    if (ALL_NAMESPACES.equals(wanted) || (wanted != null && existing.contains(wanted)))
      return wanted;
    if (existing.contains("default")) return "default";
    return existing.isEmpty() ? null : existing.getFirst();
  }

  private void applyRead(Snapshot snapshot) {
    if (snapshot == null || snapshot.target().generation() != generation) return;
    // The user chose another namespace meanwhile: the read that follows it is already asked for.
    if (!Objects.equals(snapshot.target().namespace(), namespace.get())) return;
    if (snapshot.failure() != null) {
      // The lists keep what they showed: a failed read is a notice, not an empty page. While the
      // stream is
      // down its notice stays: it says the more useful thing (it comes back by itself).
      if (!streamDown) notice.set(READ_FAILED + snapshot.failure().getMessage());
      return;
    }
    var choices = new ArrayList<String>();
    if (!snapshot.namespaces().isEmpty()) choices.add(ALL_NAMESPACES);
    choices.addAll(snapshot.namespaces());
    applyingRead = true;
    try {
      if (!namespaces.equals(choices)) namespaces.setAll(choices);
      namespace.set(snapshot.chosen());
    } finally {
      applyingRead = false;
    }
    // Replaced only when changed: an event that changed nothing shown keeps the table and its
    // selection as they are.
    if (!containers.equals(snapshot.containers())) containers.setAll(snapshot.containers());
    if (!images.equals(snapshot.images())) images.setAll(snapshot.images());
    unfiltered.set(
        snapshot.chosen() == null
            ? "containerd has no namespaces yet. Run a container with nerdctl in the VM (`drover vm shell`)."
            : "Nothing in "
                + (ALL_NAMESPACES.equals(snapshot.chosen())
                    ? "any namespace"
                    : "namespace " + snapshot.chosen())
                + " yet. Run containers with nerdctl or ctr in the VM (`drover vm shell`).");
    if (notice.get().startsWith(READ_FAILED)) notice.set("");
  }

  private void readFailed(Exception failure) {
    // Only a failure outside the engine calls (those are in the snapshot): a bug, for the uncaught
    // handler.
    var thread = Thread.currentThread();
    thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
  }

  private Predicate<ContainerdRow> containerFilter() {
    var text = normalizedFilter();
    return row ->
        text.isEmpty()
            || contains(row.name(), text)
            || contains(row.id(), text)
            || contains(row.image(), text)
            || contains(row.state(), text)
            || contains(row.namespace(), text);
  }

  private Predicate<ContainerdImageRow> imageFilter() {
    var text = normalizedFilter();
    return row ->
        text.isEmpty()
            || contains(row.name(), text)
            || contains(row.digest(), text)
            || contains(row.namespace(), text);
  }

  private String normalizedFilter() {
    return filterText.get() == null ? "" : filterText.get().strip().toLowerCase(Locale.ROOT);
  }

  private static boolean contains(String value, String lowerCaseText) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(lowerCaseText);
  }
}
