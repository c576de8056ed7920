package dev.drover.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import dev.drover.app.DesktopApp;
import dev.drover.app.Drover;
import dev.drover.app.desktop.SingleInstance;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpointResolver;
import dev.drover.kube.cluster.Kubeconfigs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * How fast the Containers table fills with many containers, against {@code docker ps -a} on the
 * same engine in this run, and how soon a row follows a container's start. The N containers are
 * created (not started) for the run and removed at its end by their label, whatever happens in
 * between. It is a benchmark, not a test: a missed goal is reported, not failed; only a measurement
 * that cannot be made is an error.
 *
 * <p>The app is started in this JVM as the window tests do ({@code
 * Drover.prepare(...).show(stage)}), once.
 *
 * <p>Usage: {@code ContainerListBenchmark [containers, default 1000]} with {@code
 * DROVER_TEST_DOCKER_HOST} set.
 */
public final class ContainerListBenchmark {

  private static final String USAGE = "ContainerListBenchmark [containers, default 1000]";
  private static final String LABEL = BenchContainers.LABEL;
  private static final double GOAL_UPDATE_MS = 100;
  private static final int UPDATES = 10;
  private static final long PATIENCE_SECONDS = 120;

  private final String host;
  private final int count;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final DockerClient docker;
  private Drover drover;
  private Stage stage;

  private ContainerListBenchmark(String host, int count, DockerClient docker) {
    this.host = host;
    this.count = count;
    this.docker = docker;
  }

  public static void main(String[] args) throws Exception {
    var count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    var host = BenchEngine.hostOrExit(USAGE);
    if (count < UPDATES) {
      System.err.println(
          "at least "
              + UPDATES
              + " containers are needed for the update measurement; usage: "
              + USAGE);
      System.exit(2);
    }
    int exit = 0;
    try (var docker = BenchEngine.client(host)) {
      var bench = new ContainerListBenchmark(host, count, docker);
      try {
        bench.run();
      } catch (Exception | AssertionError e) {
        System.err.println("container-list benchmark failed: " + e);
        e.printStackTrace();
        exit = 1;
      } finally {
        bench.closeApp();
        if (!bench.removeContainers()) exit = 1;
      }
    }
    Platform.exit();
    System.exit(exit);
  }

  private void run() throws Exception {
    BenchEngine.requireBusybox(docker);
    System.out.println(
        "container-list benchmark: "
            + count
            + " created containers (run "
            + runId
            + ") on "
            + host);
    var created = System.nanoTime();
    var ids = createContainers();
    System.out.printf(
        Locale.ROOT,
        "set-up: created %d containers in %.1f s%n",
        ids.size(),
        (System.nanoTime() - created) / 1e9);

    // One untimed listing warms the engine's and the CLI's caches, as the app's first listing is
    // not the engine's.
    BenchEngine.timeCli(host, "ps", "-a");
    var cliTimes = new ArrayList<Double>();
    for (int i = 0; i < 5; i++) cliTimes.add(BenchEngine.timeCli(host, "ps", "-a"));
    var cli = BenchEngine.median(cliTimes);

    BenchEngine.startFx();
    var heapWithoutApp = BenchEngine.heapAfterGcMiB();
    var shown = showAppUntilPopulated();
    var populated = shown.populatedMs();
    var ratio = populated / cli;
    System.out.printf(
        Locale.ROOT,
        "populated table, JavaFX already up in this JVM: %.0f ms vs docker ps -a %.0f ms [%s], ratio %.2fx (no goal: the launch benchmark times a real launch)%n",
        populated,
        cli,
        BenchEngine.format(cliTimes),
        ratio);
    System.out.printf(
        Locale.ROOT,
        "  (window shown after %.0f ms, table first laid out after %.0f ms)%n",
        shown.windowMs(),
        shown.tableMs());

    var heap = BenchEngine.heapAfterGcMiB();
    System.out.printf(
        Locale.ROOT,
        "heap used after GC, table populated: %.1f MiB (%.1f MiB before the app started, +%.1f MiB)%n",
        heap,
        heapWithoutApp,
        heap - heapWithoutApp);

    measureUpdates(shown.table(), ids.subList(0, UPDATES));

    // The same again with the app's classes loaded and compiled: what a window opened from the tray
    // costs, and
    // the part of the cold figure that is the app's own work rather than the JVM's one-time
    // loading.
    var warmTimes = new ArrayList<Double>();
    for (int i = 0; i < 3; i++) {
      closeApp();
      warmTimes.add(showAppUntilPopulated().populatedMs());
    }
    var warm = BenchEngine.median(warmTimes);
    System.out.printf(
        Locale.ROOT,
        "populated table, app started again in the same JVM: %.0f ms [%s] vs docker ps -a %.0f ms, ratio %.2fx (no goal)%n",
        warm,
        BenchEngine.format(warmTimes),
        cli,
        warm / cli);

    measureLaunchWhileRunning(cli);
  }

  // ---- launched again while Drover runs ----

  /**
   * Drover runs with its window closed to the tray (the way it runs all day once it starts at
   * login); the user launches it again. The launch is a real process of Drover's {@code Launcher}
   * (this JVM's java and class path, no AOT cache), which hands over to the running Drover over its
   * one-instance socket and ends; timed from starting that process until the running Drover's
   * window has drawn its populated table again (the table is kept up to date while the window is
   * hidden, so what is timed is the launch, the hand-over and the frame).
   */
  private void measureLaunchWhileRunning(double cli) throws Exception {
    var configHome = Files.createTempDirectory("drover-bench-resident");
    var folders =
        new ConfigFolders(
            Map.of(ConfigFolders.CONFIG_HOME_OVERRIDE, configHome.toString()), configHome, "Linux");
    var claim = SingleInstance.claim(folders.runtimeFolder(), Duration.ofSeconds(5));
    if (!(claim instanceof SingleInstance.Owner(var instance))) {
      throw new IllegalStateException("a fresh runtime folder already had a Drover: " + claim);
    }
    try (instance) {
      TableView<ContainerRow> table =
          BenchEngine.onFx(
              () -> {
                DesktopApp.bringToFrontOnLaunch(instance, stage);
                return stage.getScene().lookup("#containers-table") instanceof TableView<?> found
                    ? castTable(found)
                    : null;
              });
      if (table == null)
        throw new IllegalStateException("no Containers table in the running Drover");
      var javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      var classPath = appJarFirst();
      var times = new ArrayList<Double>();
      var ended = new ArrayList<Double>();
      for (int i = 0; i < 6; i++) {
        BenchEngine.onFx(
            () -> {
              stage.hide();
              return null;
            });
        var shown = new CompletableFuture<Long>();
        BenchEngine.onFx(
            () -> {
              var scene = stage.getScene();
              scene.addPostLayoutPulseListener(
                  new Runnable() {
                    @Override
                    public void run() {
                      if (!stage.isShowing() || countMine(table.getItems()) < count) return;
                      scene.removePostLayoutPulseListener(this);
                      // Post-layout comes before rendering: a runLater queued now runs once this
                      // frame is drawn.
                      Platform.runLater(() -> shown.complete(System.nanoTime()));
                    }
                  });
              return null;
            });
        var output = Files.createTempFile(configHome, "launch", ".txt");
        var launch =
            new ProcessBuilder(
                    javaCommand,
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp",
                    classPath,
                    "dev.drover.app.Launcher")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        launch.environment().put(ConfigFolders.CONFIG_HOME_OVERRIDE, configHome.toString());
        launch.environment().put("DOCKER_HOST", host);
        var started = System.nanoTime();
        var process = launch.start();
        var endedInTime = process.waitFor(30, TimeUnit.SECONDS);
        var exited = System.nanoTime();
        if (!endedInTime) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        var said = Files.readString(output);
        if (!endedInTime || process.exitValue() != 0 || !said.contains("already running")) {
          throw new IllegalStateException(
              "the second launch did not hand over ("
                  + (endedInTime ? "exit " + process.exitValue() : "still running after 30 s")
                  + "): "
                  + said);
        }
        var windowBack = await(shown, "the running Drover's window to come back");
        // The first launch warms the disk cache and the running Drover's path to its window: not
        // counted.
        if (i == 0) continue;
        times.add((windowBack - started) / 1e6);
        ended.add((exited - started) / 1e6);
      }
      var launched = BenchEngine.median(times);
      System.out.printf(
          Locale.ROOT,
          "populated table, Drover launched again while it runs in the tray: %.0f ms [%s] vs docker ps -a %.0f ms, ratio %.2fx (no goal)%n",
          launched,
          BenchEngine.format(times),
          cli,
          launched / cli);
      BenchResults.compared(
          "relaunch-from-tray",
          "launch while Drover runs in the tray, to its populated table of "
              + count
              + " containers",
          "ms",
          times,
          "docker ps -a",
          List.of(cli),
          BenchResults.Goal.none(),
          "a real second Launcher process handing over to the running one; recorded only");
      System.out.printf(
          Locale.ROOT,
          "  (the second launch's process ended after %.0f ms [%s])%n",
          BenchEngine.median(ended),
          BenchEngine.format(ended));
    }
  }

  /**
   * This JVM's class path with Drover's app jar first, as the installed launcher has it (its main
   * jar first).
   */
  private static String appJarFirst() {
    var entries = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    var ordered = new ArrayList<String>();
    entries.stream()
        .filter(entry -> Path.of(entry).getFileName().toString().startsWith("drover-app-"))
        .forEach(ordered::add);
    entries.stream().filter(entry -> !ordered.contains(entry)).forEach(ordered::add);
    return String.join(File.pathSeparator, ordered);
  }

  // ---- set-up and clean-up ----

  private List<String> createContainers() throws Exception {
    return BenchContainers.create(docker, count, runId);
  }

  private boolean removeContainers() {
    return BenchContainers.remove(docker, runId);
  }

  private void closeApp() {
    if (drover == null) return;
    var closed = new CompletableFuture<Void>();
    Platform.runLater(
        () -> {
          try {
            if (stage != null) stage.hide();
            drover.close();
          } finally {
            closed.complete(null);
          }
        });
    try {
      closed.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("closing the app failed: " + e);
    }
    drover = null;
    stage = null;
  }

  // ---- the populated table ----

  private record Shown(
      TableView<ContainerRow> table, double windowMs, double tableMs, double populatedMs) {}

  /**
   * Starts the app and returns once the Containers table holds a row for every container of this
   * run.
   */
  private Shown showAppUntilPopulated() throws Exception {
    var configHome = Files.createTempDirectory("drover-bench-config");
    var result = new CompletableFuture<Shown>();
    Platform.runLater(
        () -> {
          try {
            var started = System.nanoTime();
            var env =
                Map.of(
                    "DOCKER_HOST", host, ConfigFolders.CONFIG_HOME_OVERRIDE, configHome.toString());
            // No kubeconfig: the Kubernetes warm-up after the first list stays out of the
            // row-update timings.
            drover =
                Drover.prepare(
                    new ConfigFolders(env, configHome, "Linux"),
                    new EngineEndpointResolver(env, configHome, false),
                    new Kubeconfigs(List.of(configHome.resolve("no-kubeconfig"))));
            stage = new Stage();
            var scene = drover.show(stage);
            var windowMs = (System.nanoTime() - started) / 1e6;
            whenTableAppears(
                scene,
                table -> {
                  var tableMs = (System.nanoTime() - started) / 1e6;
                  untilRows(
                      table.getItems(),
                      rows -> countMine(rows) >= count,
                      () ->
                          result.complete(
                              new Shown(
                                  table, windowMs, tableMs, (System.nanoTime() - started) / 1e6)));
                });
          } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
          }
        });
    try {
      return result.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      var seen =
          BenchEngine.onFx(
              () -> {
                var node =
                    stage == null || stage.getScene() == null
                        ? null
                        : stage.getScene().lookup("#containers-table");
                return node instanceof TableView<?> table
                    ? countMine(rowsOf(table)) + " of this run's rows"
                    : "no table";
              });
      throw new IllegalStateException(
          "the Containers table did not show all "
              + count
              + " containers within "
              + PATIENCE_SECONDS
              + " s ("
              + seen
              + ")");
    }
  }

  /**
   * Checks after each layout pulse for the table, which the page builds once the engine has
   * answered.
   */
  private static void whenTableAppears(Scene scene, Consumer<TableView<ContainerRow>> found) {
    scene.addPostLayoutPulseListener(
        new Runnable() {
          @Override
          public void run() {
            if (!(scene.lookup("#containers-table") instanceof TableView<?> table)) return;
            scene.removePostLayoutPulseListener(this);
            found.accept(castTable(table));
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static TableView<ContainerRow> castTable(TableView<?> table) {
    return (TableView<ContainerRow>) table;
  }

  private static ObservableList<ContainerRow> rowsOf(TableView<?> table) {
    return castTable(table).getItems();
  }

  private long countMine(List<ContainerRow> rows) {
    var suffix = "-" + runId;
    return rows.stream()
        .map(row -> row.name().startsWith("/") ? row.name().substring(1) : row.name())
        .filter(name -> name.startsWith("drover-bench-") && name.endsWith(suffix))
        .count();
  }

  /**
   * Runs {@code then} (FX thread) as soon as {@code rows} satisfy {@code done}: at once, or on the
   * change that does it.
   */
  private static void untilRows(
      ObservableList<ContainerRow> rows, Predicate<List<ContainerRow>> done, Runnable then) {
    if (done.test(rows)) {
      then.run();
      return;
    }
    rows.addListener(
        new ListChangeListener<ContainerRow>() {
          @Override
          public void onChanged(Change<? extends ContainerRow> change) {
            if (!done.test(rows)) return;
            rows.removeListener(this);
            then.run();
          }
        });
  }

  // ---- update latency ----

  private record Seen(long nanoTime, long epochNanos) {
    static Seen now() {
      var wall = Instant.now();
      return new Seen(System.nanoTime(), wall.getEpochSecond() * 1_000_000_000L + wall.getNano());
    }
  }

  /**
   * Starts and stops {@code containers} one after another and times how soon each row shows
   * "running": from the engine's start event (its own time stamp, same host clock) and from the
   * start request's return.
   */
  private void measureUpdates(TableView<ContainerRow> table, List<String> containers)
      throws Exception {
    var rows = table.getItems();
    var eventTimes = new ConcurrentHashMap<String, Long>();
    var since = String.valueOf(Instant.now().getEpochSecond() - 1);
    var fromEvent = new ArrayList<Double>();
    var fromReturn = new ArrayList<Double>();
    try (var streams = DockerClients.open(BenchEngine.endpoint(host), null);
        var events =
            streams
                .eventsCmd()
                .withSince(since)
                .withLabelFilter(Map.of(LABEL, runId))
                .withEventFilter("start")
                .exec(
                    new ResultCallback.Adapter<Event>() {
                      @Override
                      public void onNext(Event event) {
                        if (event.getId() != null && event.getTimeNano() != null)
                          eventTimes.put(event.getId(), event.getTimeNano());
                      }
                    })) {
      if (!events.awaitStarted(30, TimeUnit.SECONDS))
        throw new IllegalStateException("the engine's event stream did not start");
      for (var id : containers) {
        var running = rowReaches(rows, id, row -> row.running());
        docker.startContainerCmd(id).exec();
        var returned = System.nanoTime();
        var seen = await(running, "the row of " + id + " to show running");
        var eventNanos = awaitEvent(eventTimes, id);
        fromEvent.add((seen.epochNanos() - eventNanos) / 1e6);
        fromReturn.add((seen.nanoTime() - returned) / 1e6);

        var stopped = rowReaches(rows, id, row -> !row.running());
        docker.stopContainerCmd(id).withTimeout(0).exec();
        await(stopped, "the row of " + id + " to show it stopped");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "update latency, engine start event -> row running: median %.0f ms, max %.0f ms [%s] (goal under %.0f ms)%n",
        BenchEngine.median(fromEvent),
        BenchEngine.max(fromEvent),
        BenchEngine.format(fromEvent),
        GOAL_UPDATE_MS);
    BenchResults.alone(
        "container-update",
        "engine start event to the row showing running, " + count + " containers",
        "ms",
        fromEvent,
        BenchResults.Goal.valueAtMost(GOAL_UPDATE_MS),
        "median of "
            + fromEvent.size()
            + " starts; max "
            + Math.round(BenchEngine.max(fromEvent))
            + " ms");
    System.out.printf(
        Locale.ROOT,
        "  start request returned -> row running: median %.0f ms, max %.0f ms [%s]%n",
        BenchEngine.median(fromReturn),
        BenchEngine.max(fromReturn),
        BenchEngine.format(fromReturn));
  }

  /**
   * A future completed (with the moment) when the row of {@code id} satisfies {@code state};
   * watching starts before this returns.
   */
  private static CompletableFuture<Seen> rowReaches(
      ObservableList<ContainerRow> rows, String id, Predicate<ContainerRow> state)
      throws Exception {
    var reached = new CompletableFuture<Seen>();
    Predicate<List<ContainerRow>> done =
        list -> list.stream().anyMatch(row -> row.id().equals(id) && state.test(row));
    BenchEngine.onFx(
        () -> {
          untilRows(rows, done, () -> reached.complete(Seen.now()));
          return null;
        });
    return reached;
  }

  private static long awaitEvent(Map<String, Long> eventTimes, String id)
      throws InterruptedException {
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      var time = eventTimes.get(id);
      if (time != null) return time;
      Thread.sleep(5);
    }
    throw new IllegalStateException("no start event from the engine for " + id + " within 30 s");
  }

  private static <T> T await(CompletableFuture<T> future, String what) throws Exception {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("waited 30 s for " + what);
    }
  }
}
