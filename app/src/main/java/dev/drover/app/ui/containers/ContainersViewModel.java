package dev.drover.app.ui.containers;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.containers.stats.StatsSummary;
import dev.drover.app.ui.shell.EmptyTableText;
import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.containers.ContainerAction;
import dev.drover.engine.containers.ContainerCommands;
import dev.drover.engine.stats.StatsSample;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.transformation.FilteredList;

/**
 * The Containers page: the engine's containers, kept current from the engine watcher, and the
 * commands a user issues on a selection. Updates arrive on the watcher's thread and are applied on
 * the UI thread in batches, so a burst of events is one table change; commands run in the
 * background and report back.
 */
public final class ContainersViewModel implements EngineListener {

  /**
   * Stats streams at most, each an engine connection: enough for a screenful of running containers.
   */
  static final int MAX_STATS_STREAMS = 16;

  private final ReadOnlyListWrapper<ContainerRow> rows =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ReadOnlyListWrapper<ComposeProject> projects =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final FilteredList<ContainerRow> visibleRows = new FilteredList<>(rows);
  private final StringProperty filterText = new SimpleStringProperty("");
  private final BooleanProperty runningOnly = new SimpleBooleanProperty(false);
  private final ReadOnlyStringWrapper placeholder =
      new ReadOnlyStringWrapper("Connecting to the engine…");
  private final ReadOnlyStringWrapper engineText =
      new ReadOnlyStringWrapper("Connecting to the engine…");
  private final ReadOnlyObjectWrapper<ContainerRow> details = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper listExpected = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper actionStatus = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper actionError = new ReadOnlyStringWrapper("");
  private final Map<String, ContainerRow> byId = new HashMap<>();
  private final Consumer<ContainerUpdate> updates;
  private final Background background;
  private final ContainerCommands commands;
  private final Consumer<String> browser;
  private final StatsFeed stats;
  private final BooleanProperty statsVisible = new SimpleBooleanProperty(false);
  private final ObservableMap<String, ContainerUsage> usage = FXCollections.observableHashMap();
  private final ObservableMap<String, ContainerUsage> usageView =
      FXCollections.unmodifiableObservableMap(usage);
  private final Map<String, AutoCloseable> statsStreams = new HashMap<>();
  private final Consumer<Map.Entry<String, StatsSample>> samples;
  private final Clock clock;

  /**
   * The selected containers by id, in the order the view reported them. The table's selection holds
   * row objects, which every change of a container replaces (and a replaced or moved row leaves the
   * table's selection), so the view selects these again after each batch; a removed container
   * leaves it.
   */
  private List<String> selectedIds = List.of();

  /**
   * True while a batch replaces the rows: the table's selection then changes by itself, not by the
   * user.
   */
  private boolean applyingBatch;

  /**
   * The ids of the rows the table shows now, top to bottom; null until the table says (then: the
   * filtered rows).
   */
  private List<String> onScreen;

  private int commandsRunning;

  /** Streams a running container's resource use; the returned handle stops it. */
  @FunctionalInterface
  public interface StatsFeed {
    AutoCloseable follow(String containerId, Consumer<StatsSample> samples);
  }

  /** What a container uses now, as the table shows it. */
  public record ContainerUsage(String cpu, String memory) {}

  /** Without resource use: the CPU and memory columns stay empty. */
  public ContainersViewModel(
      Background background, ContainerCommands commands, Consumer<String> browser) {
    this(background, commands, browser, (id, sink) -> () -> {}, Clock.systemUTC());
  }

  /**
   * @param browser opens a link in the user's browser; it may block, so it runs in the background
   * @param stats resource use of running containers, followed only while the table is on screen
   * @param clock when an engine's list is read: its "Up 3 minutes" counts from then
   */
  public ContainersViewModel(
      Background background,
      ContainerCommands commands,
      Consumer<String> browser,
      StatsFeed stats,
      Clock clock) {
    this.background = background;
    this.clock = clock;
    this.commands = commands;
    this.browser = browser;
    this.stats = stats;
    this.samples = background.ui().batching(this::applySamples);
    statsVisible.addListener((obs, was, visible) -> followStats());
    this.updates = background.ui().batching(this::apply);
    visibleRows
        .predicateProperty()
        .bind(Bindings.createObjectBinding(this::filter, filterText, runningOnly));
    placeholder.bind(
        Bindings.createStringBinding(
            this::placeholderText, engineText, rows, filterText, runningOnly));
    visibleRows.addListener(
        (ListChangeListener<ContainerRow>)
            change -> {
              if (onScreen == null) followStats();
            });
  }

  public ReadOnlyListProperty<ContainerRow> rowsProperty() {
    return rows.getReadOnlyProperty();
  }

  /** Whether the table is on screen: only then are running containers' stats streamed. */
  public BooleanProperty statsVisibleProperty() {
    return statsVisible;
  }

  /** CPU and memory use by container id, for the running containers whose stats are followed. */
  public ObservableMap<String, ContainerUsage> usage() {
    return usageView;
  }

  /**
   * The rows the table shows now (after filtering, sorting and scrolling), by id, top to bottom:
   * the stats streams follow these. The view says so each time its visible rows change.
   */
  public void rowsOnScreen(List<String> ids) {
    var shown = List.copyOf(ids);
    if (shown.equals(onScreen)) return;
    onScreen = shown;
    followStats();
  }

  /**
   * Follows the stats of the running containers on screen, the first {@link #MAX_STATS_STREAMS} of
   * them from the top, while the table is visible, and stops following every other one: each stream
   * holds an engine connection.
   */
  private void followStats() {
    var candidates =
        onScreen != null
            ? onScreen.stream().map(byId::get).filter(Objects::nonNull)
            : visibleRows.stream();
    var wanted =
        statsVisible.get()
            ? candidates
                .filter(ContainerRow::running)
                .limit(MAX_STATS_STREAMS)
                .map(ContainerRow::id)
                .collect(Collectors.toSet())
            : Set.<String>of();
    for (var it = statsStreams.entrySet().iterator(); it.hasNext(); ) {
      var stream = it.next();
      if (wanted.contains(stream.getKey())) continue;
      it.remove();
      usage.remove(stream.getKey());
      var handle = stream.getValue();
      background.run(handle::close, failure -> {});
    }
    for (var id : wanted) {
      if (statsStreams.containsKey(id)) continue;
      var subscription = new CompletableFuture<AutoCloseable>();
      statsStreams.put(id, () -> subscription.thenAccept(ContainersViewModel::closeQuietly));
      background.run(
          () -> stats.follow(id, sample -> samples.accept(Map.entry(id, sample))),
          subscription::complete,
          failure -> {});
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // A stream that fails to close has ended anyway.
    }
  }

  private void applySamples(List<Map.Entry<String, StatsSample>> batch) {
    for (var entry : batch) {
      if (!statsStreams.containsKey(entry.getKey())) continue;
      var sample = entry.getValue();
      usage.put(
          entry.getKey(),
          new ContainerUsage(
              StatsSummary.cpu(sample.cpuPercent()),
              StatsSummary.memory(sample.memoryUsedBytes(), sample.memoryLimitBytes())));
    }
  }

  /**
   * The Compose projects among the containers, by name; started and stopped together from the page.
   */
  public ReadOnlyListProperty<ComposeProject> projectsProperty() {
    return projects.getReadOnlyProperty();
  }

  /** Starts every container of the project that is not running. */
  public void startProject(ComposeProject project) {
    apply(ContainerAction.START, current(project));
  }

  /** Stops every running container of the project. */
  public void stopProject(ComposeProject project) {
    apply(ContainerAction.STOP, current(project));
  }

  // The project's containers as the list knows them now, not as they were when the bar was drawn.
  private List<ContainerRow> current(ComposeProject project) {
    return rows.stream().filter(row -> project.name().equals(row.project())).toList();
  }

  /** The rows that pass the filter text and the running-only switch. */
  public ObservableList<ContainerRow> visibleRows() {
    return visibleRows;
  }

  /** Matches name, image, id, project or state, ignoring case. */
  public StringProperty filterTextProperty() {
    return filterText;
  }

  public BooleanProperty runningOnlyProperty() {
    return runningOnly;
  }

  /**
   * What the empty table says: why it is empty (no engine yet, no containers, or a filter that
   * matches none).
   */
  public ReadOnlyStringProperty placeholderProperty() {
    return placeholder.getReadOnlyProperty();
  }

  private String placeholderText() {
    if (rows.isEmpty()) return engineText.get();
    var text = filterText.get() == null ? "" : filterText.get().strip();
    if (text.isEmpty())
      return runningOnly.get()
          ? "No container is running. Turn off “Running only” to see them all."
          : engineText.get();
    return "No "
        + (runningOnly.get() ? "running " : "")
        + "container matches “"
        + text
        + "”. Clear the filter"
        + (runningOnly.get() ? " or turn off “Running only”" : "")
        + " to see them all.";
  }

  /**
   * The container whose details page is shown instead of the list, or null while the list is shown.
   */
  public ReadOnlyObjectProperty<ContainerRow> detailsProperty() {
    return details.getReadOnlyProperty();
  }

  /** Shows {@code container}'s details page in place of the list. */
  public void openDetails(ContainerRow container) {
    details.set(container);
  }

  /** Goes back to the list from a details page; nothing when the list is shown. */
  public void closeDetails() {
    details.set(null);
  }

  /**
   * False until the engine watcher reaches for an engine (or the first attempt has an outcome):
   * until then there is no list to wait for. From then on a list is on its way, or the reason why
   * not.
   */
  public ReadOnlyBooleanProperty listExpectedProperty() {
    return listExpected.getReadOnlyProperty();
  }

  /** True while a command the user issued is running. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** What the last command is doing or did, e.g. "Stopping 2 containers…" or "Stopped web, api". */
  public ReadOnlyStringProperty actionStatusProperty() {
    return actionStatus.getReadOnlyProperty();
  }

  /** The engine's words when a command failed; empty otherwise. */
  public ReadOnlyStringProperty actionErrorProperty() {
    return actionError.getReadOnlyProperty();
  }

  /**
   * The view reports the user's selection here. Reports while a batch of engine updates is applied
   * are not the user's and are ignored: the view selects {@link #selectedIds()} again once the rows
   * have changed.
   */
  public void selectionChanged(List<ContainerRow> selected) {
    if (applyingBatch) return;
    selectedIds = selected.stream().map(ContainerRow::id).distinct().toList();
  }

  /**
   * The ids of the selected containers that still exist, to select again whenever the rows change.
   */
  public List<String> selectedIds() {
    return selectedIds;
  }

  /**
   * Whether {@code action} applies to at least one of {@code selected}: the view enables its button
   * by it.
   */
  public static boolean applies(ContainerAction action, List<ContainerRow> selected) {
    return selected.stream().anyMatch(row -> action.appliesTo(row.state()));
  }

  /** Runs {@code action} on each selected container it applies to. */
  public void apply(ContainerAction action, List<ContainerRow> selected) {
    var targets = selected.stream().filter(row -> action.appliesTo(row.state())).toList();
    if (targets.isEmpty()) return;
    run(action.progressive(), action.pastTense(), targets, row -> commands.apply(action, row.id()));
  }

  /** Opens a published port in the browser; nothing for a port a browser cannot open (UDP). */
  public void open(ContainerSummary.PublishedPort port) {
    if (!port.opensInBrowser()) return;
    background.run(
        () -> browser.accept(port.url()), failure -> actionError.set(failure.getMessage()));
  }

  /** The question to ask before {@link #remove}: what will be lost. */
  public String removalQuestion(List<ContainerRow> selected) {
    var running = selected.stream().filter(ContainerRow::running).count();
    var what =
        selected.size() == 1
            ? "container " + selected.getFirst().name()
            : selected.size() + " containers";
    var warning =
        running == 0
            ? ""
            : running == selected.size() && running == 1
                ? " It is running and will be stopped."
                : " "
                    + running
                    + " of them "
                    + (running == 1 ? "is" : "are")
                    + " running and will be stopped.";
    return "Remove " + what + "?" + warning + " This cannot be undone.";
  }

  /** Removes the selected containers; the view has asked the user first. */
  public void remove(List<ContainerRow> selected, boolean anonymousVolumes) {
    if (selected.isEmpty()) return;
    run(
        "Removing",
        "removed",
        List.copyOf(selected),
        row -> commands.remove(row.id(), anonymousVolumes));
  }

  private void run(
      String progressive,
      String pastTense,
      List<ContainerRow> targets,
      Consumer<ContainerRow> command) {
    commandsRunning++;
    busy.set(true);
    actionError.set("");
    actionStatus.set(progressive + " " + describe(targets) + "…");
    background.run(
        () -> {
          // All at once: stopping five containers that each take their grace period should not take
          // five of them.
          var failures = Collections.synchronizedList(new ArrayList<String>());
          try (var each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var row : targets) {
              each.execute(
                  () -> {
                    try {
                      command.accept(row);
                    } catch (RuntimeException e) {
                      failures.add(row.name() + ": " + e.getMessage());
                    }
                  });
            }
          }
          return List.copyOf(failures);
        },
        failures -> {
          commandsRunning--;
          busy.set(commandsRunning > 0);
          var done = targets.size() - failures.size();
          actionStatus.set(
              done == 0
                  ? ""
                  : capitalize(pastTense)
                      + " "
                      + (done == targets.size()
                          ? describe(targets)
                          : done + " of " + targets.size() + " containers"));
          actionError.set(String.join("\n", failures));
        },
        failure -> {
          commandsRunning--;
          busy.set(commandsRunning > 0);
          actionStatus.set("");
          actionError.set(failure.getMessage());
        });
  }

  private static String describe(List<ContainerRow> targets) {
    return targets.size() <= 3
        ? String.join(", ", targets.stream().map(ContainerRow::name).toList())
        : targets.size() + " containers";
  }

  private static String capitalize(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private Predicate<ContainerRow> filter() {
    var text = filterText.get() == null ? "" : filterText.get().strip().toLowerCase(Locale.ROOT);
    var onlyRunning = runningOnly.get();
    return row ->
        (!onlyRunning || row.running())
            && (text.isEmpty()
                || contains(row.name(), text)
                || contains(row.image(), text)
                || row.id().startsWith(text)
                || contains(row.project(), text)
                || contains(row.state(), text));
  }

  private static boolean contains(String value, String lowerCaseText) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(lowerCaseText);
  }

  @Override
  public void containersChanged(ContainerUpdate update) {
    updates.accept(update);
  }

  @Override
  public void statusChanged(EngineStatus status) {
    var text =
        EmptyTableText.of(status, "No containers on this engine yet. Start one with `docker run`.");
    // The first Connecting names no engine yet; the next one is the watcher asking it for the list.
    var expected =
        !(status instanceof EngineStatus.Connecting connecting) || connecting.endpoint() != null;
    background
        .ui()
        .post(
            () -> {
              engineText.set(text);
              if (expected) listExpected.set(true);
            });
  }

  private void apply(List<ContainerUpdate> batch) {
    var readAt = clock.instant();
    for (var update : batch) {
      switch (update) {
        case ContainerUpdate.Reset reset -> {
          var before = new HashMap<>(byId);
          byId.clear();
          reset
              .containers()
              .forEach(c -> byId.put(c.id(), ContainerRow.of(c, readAt, before.get(c.id()))));
        }
        case ContainerUpdate.Upsert upsert ->
            byId.put(
                upsert.container().id(),
                ContainerRow.of(upsert.container(), readAt, byId.get(upsert.container().id())));
        case ContainerUpdate.Removed removed -> byId.remove(removed.id());
      }
    }
    // One replacement per batch: the table re-renders once, whatever the batch held.
    var sorted = byId.values().stream().sorted(Comparator.comparing(ContainerRow::name)).toList();
    selectedIds = selectedIds.stream().filter(byId::containsKey).toList();
    applyingBatch = true;
    try {
      rows.setAll(sorted);
    } finally {
      applyingBatch = false;
    }
    var grouped = new TreeMap<String, List<ContainerRow>>();
    for (var row : sorted) {
      if (row.project() != null)
        grouped.computeIfAbsent(row.project(), p -> new ArrayList<>()).add(row);
    }
    var next =
        grouped.entrySet().stream().map(e -> new ComposeProject(e.getKey(), e.getValue())).toList();
    if (!next.equals(projects)) projects.setAll(next);
    followStats();
  }
}
