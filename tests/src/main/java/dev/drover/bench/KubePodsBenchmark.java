package dev.drover.bench;

import dev.drover.app.Drover;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.engine.EngineEndpointResolver;
import dev.drover.kube.cluster.Kubeconfigs;
import dev.drover.kube.cluster.ResourceRow;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;

/**
 * How fast the Kubernetes page's Pods table fills with many pods, against listing the same pods
 * with the Fabric8 client alone in this run, and how soon a row follows one pod's change. The pods
 * live in Fabric8's mock API server (CRUD mode) in a JVM of its own, as a real API server is a
 * process of its own: in the benchmark's JVM, the app's collections would stop the server while it
 * sends the list the app waits for, a cost the baseline's lone list does not meet. The network is
 * loopback for both. A benchmark, not a test: a missed goal is reported.
 *
 * <p>The table is timed from opening the Kubernetes page of a fresh window that has shown its first
 * frame and settled (by then the app has warmed its JSON mapper and made the current context's
 * client, as it does once its start-up work is done; the page starts the informer: list, then
 * watch) until the table's items hold every pod; the baseline from making a client from the same
 * kubeconfig until its list's response is parsed. Each is measured {@value #ROUNDS} times after one
 * untimed round; medians are compared. Between rounds the benchmark waits for the mock server to
 * answer quickly again: it stalls for seconds when a watch closes.
 *
 * <p>Usage: {@code KubePodsBenchmark [pods, default 5000]} with {@code DISPLAY} set. ({@code
 * --serve pods} is the server's side: it fills the mock, prints its address and serves until its
 * standard input closes.)
 */
public final class KubePodsBenchmark {

  private static final double GOAL_RATIO = 1.5;
  private static final double GOAL_UPDATE_MS = 100;

  /**
   * In-process rounds: recorded for comparison with earlier runs only (the goal is on the fresh
   * process, {@code kube-pods-fresh}), so few.
   */
  private static final int ROUNDS = 3;

  private static final int UPDATES = 10;
  private static final long PATIENCE_SECONDS = 120;
  private static final long SETTLE_MS = 1500;

  private static final String SERVING = "kube-mock serving at ";
  private static final String FRESH = "--fresh";
  private static final String POPULATED = "PODS_POPULATED";
  private static final int FRESH_ROUNDS = 3;

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--serve")) {
      serve(Integer.parseInt(args[1]));
      return;
    }
    if (args.length == 4 && args[0].equals(FRESH)) {
      openInFreshProcess(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      return;
    }
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int exit = 0;
    var server = startServer(count);
    try {
      new KubePodsBenchmark().run(server.url(), count);
    } catch (Exception | AssertionError e) {
      System.err.println("kube-pods benchmark failed: " + e);
      e.printStackTrace();
      exit = 1;
    } finally {
      server.process().getOutputStream().close();
      if (!server.process().waitFor(30, TimeUnit.SECONDS)) server.process().destroyForcibly();
    }
    Platform.exit();
    System.exit(exit);
  }

  private record Server(Process process, String url) {}

  /**
   * The mock API server in a JVM of its own (this class with {@code --serve}), filled with {@code
   * count} pods.
   */
  private static Server startServer(int count) throws Exception {
    var javaCommand = ProcessHandle.current().info().command().orElse("java");
    var process =
        new ProcessBuilder(
                javaCommand,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                KubePodsBenchmark.class.getName(),
                "--serve",
                Integer.toString(count))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    var out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      System.out.println(line);
      if (line.startsWith(SERVING)) {
        Thread.ofVirtual().start(() -> out.lines().forEach(System.out::println));
        return new Server(process, line.substring(SERVING.length()).strip());
      }
    }
    throw new IllegalStateException(
        "the mock API server ended before serving (exit " + process.waitFor() + ")");
  }

  /**
   * The server's side: the mock, {@code count} pods in namespace bench, served until standard input
   * closes.
   */
  private static void serve(int count) throws Exception {
    try (var cluster = new KubeMock()) {
      cluster.createNamespace("bench");
      cluster.createNamespace("empty");
      cluster.expectDiscovery();
      var created = System.nanoTime();
      var next = new AtomicInteger();
      try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int w = 0; w < 8; w++) {
          workers.submit(
              () -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                  cluster
                      .client()
                      .pods()
                      .inNamespace("bench")
                      .resource(KubeMock.pod("bench", "pod-" + i, Map.of("app", "bench")))
                      .create();
                }
                return null;
              });
        }
      }
      System.out.printf(
          Locale.ROOT,
          "set-up: created %d pods in %.1f s%n",
          count,
          (System.nanoTime() - created) / 1e9);
      System.out.println(SERVING + cluster.url());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the benchmark closes our input
      }
    }
    System.exit(0);
  }

  private Drover drover;
  private Stage stage;

  private void run(String serverUrl, int count) throws Exception {
    System.out.println(
        "kube-pods benchmark: "
            + count
            + " pods in Fabric8's mock API server (CRUD mode, a JVM of its own)");
    var home = Files.createTempDirectory("drover-kube-bench");
    var kubeconfig =
        KubeMock.writeKubeconfig(
            home.resolve("kubeconfig"), KubeMock.contexts("bench", serverUrl), "bench", "bench");

    BenchEngine.startFx();
    var heapWithoutApp = BenchEngine.heapAfterGcMiB();

    // Rounds alternate the baseline (a Fabric8 client made from the same kubeconfig, listing the
    // same pods) and
    // the app, so a busy machine slows both alike; the first round of each is a warm-up. Each app
    // round is a
    // fresh window whose context's namespace holds the pods, timed from opening the Kubernetes page
    // once the
    // window is up (the page makes its client too). Fresh windows, not namespace switches: the mock
    // stalls
    // when a watch closes.
    var listTimes = new ArrayList<Double>();
    var tableTimes = new ArrayList<Double>();
    var baselineConfig = Config.fromKubeconfig("bench", kubeconfig.toFile());
    baselineConfig.setRequestTimeout(120_000);
    var freshProcesses = new ArrayList<Process>();
    try (var client = new KubernetesClientBuilder().withConfig(baselineConfig).build()) {
      freshRounds(client, home, kubeconfig, count, freshProcesses);
      runRounds(client, home, kubeconfig, count, listTimes, tableTimes, heapWithoutApp);
    } finally {
      for (var process : freshProcesses) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  // ---- a fresh process each side ----

  /**
   * What a user compares: Drover started in a fresh process, its Kubernetes page opened as soon as
   * the window shows, until the Pods table holds every pod, against {@code kubectl get pods -A -o
   * json} started as a fresh process against the same server, until it exits. Alternating, after
   * one untimed round each.
   */
  private static void freshRounds(
      KubernetesClient client, Path home, Path kubeconfig, int count, List<Process> kept)
      throws Exception {
    var kubectl = kubectl();
    var droverTimes = new ArrayList<Double>();
    var kubectlTimes = new ArrayList<Double>();
    for (int i = 0; i <= FRESH_ROUNDS; i++) {
      awaitQuietServer(client);
      var listed = timeKubectl(kubectl, kubeconfig, home.resolve("kubectl-cache"));
      awaitQuietServer(client);
      var opened = timeFreshDrover(home, kubeconfig, count, kept);
      if (i == 0) continue;
      kubectlTimes.add(listed);
      droverTimes.add(opened);
    }
    BenchResults.compared(
        "kube-pods-fresh",
        "fresh process opening the Kubernetes page to a table of " + count + " pods",
        "ms",
        droverTimes,
        "kubectl get pods -A -o json, fresh process",
        kubectlTimes,
        BenchResults.Goal.ratioAtMost(GOAL_RATIO),
        "same mock API server (Fabric8 CRUD mode, a JVM of its own); Drover from process start,"
            + " the page opened at its first frame, on the benchmark's class path and plain JDK;"
            + " "
            + kubectlVersion(kubectl));
  }

  private static String kubectl() {
    for (var candidate : List.of("/usr/bin/kubectl", "/usr/local/bin/kubectl")) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    throw new IllegalStateException(
        "no kubectl at /usr/bin or /usr/local/bin: the baseline needs it (Debian: kubernetes-client)");
  }

  private static String kubectlVersion(String kubectl) throws Exception {
    var process =
        new ProcessBuilder(kubectl, "version", "--client").redirectErrorStream(true).start();
    var said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return "kubectl " + said.lines().findFirst().orElse("(no version)").strip();
  }

  /**
   * One {@code kubectl get pods -A -o json}, its discovery cache in {@code cacheDir} (kept between
   * rounds, as a user's is), its output discarded.
   */
  private static double timeKubectl(String kubectl, Path kubeconfig, Path cacheDir)
      throws Exception {
    var start = System.nanoTime();
    var process =
        new ProcessBuilder(
                kubectl,
                "--kubeconfig",
                kubeconfig.toString(),
                "--cache-dir",
                cacheDir.toString(),
                "get",
                "pods",
                "-A",
                "-o",
                "json")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    var errors = process.getErrorStream().readAllBytes();
    if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) process.destroyForcibly();
    var elapsed = (System.nanoTime() - start) / 1e6;
    if (process.exitValue() != 0)
      throw new IllegalStateException(
          "kubectl get pods failed: " + new String(errors, StandardCharsets.UTF_8));
    return elapsed;
  }

  /**
   * Starts a fresh Drover on the Pods page and returns the ms until its table was full. The process
   * is then stopped (SIGSTOP), not ended, and added to {@code kept}: the mock blocks its event loop
   * for up to 30 s whenever a watch's connection closes, which would stall the next round; the
   * benchmark ends them all at its end.
   */
  private static double timeFreshDrover(Path home, Path kubeconfig, int count, List<Process> kept)
      throws Exception {
    var javaCommand = ProcessHandle.current().info().command().orElse("java");
    var freshHome = Files.createTempDirectory(home, "fresh");
    var start = System.nanoTime();
    var process =
        new ProcessBuilder(
                javaCommand,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                KubePodsBenchmark.class.getName(),
                FRESH,
                freshHome.toString(),
                kubeconfig.toString(),
                Integer.toString(count))
            .redirectErrorStream(true)
            .start();
    var populated = new CompletableFuture<Double>();
    var output = new StringBuffer();
    Thread.ofVirtual()
        .start(
            () -> {
              try (var lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  if (line.equals(POPULATED)) populated.complete((System.nanoTime() - start) / 1e6);
                  else if (output.length() < 20_000) output.append(line).append('\n');
                }
              } catch (IOException ignored) {
                // The process is gone; the wait below reports it.
              }
            });
    kept.add(process);
    try {
      var millis = populated.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
      var stop = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start();
      if (stop.waitFor() != 0)
        throw new IllegalStateException("kill -STOP of the fresh Drover failed");
      return millis;
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the fresh Drover showed no table of "
              + count
              + " pods within "
              + PATIENCE_SECONDS
              + " s:\n"
              + output);
    }
  }

  /**
   * The fresh process's side: Drover's window with this kubeconfig; at its first frame the
   * Kubernetes page is opened; prints {@link #POPULATED} once the Pods table holds {@code count}
   * rows.
   */
  private static void openInFreshProcess(Path home, Path kubeconfig, int count) throws Exception {
    BenchEngine.startFx();
    var populated = new CompletableFuture<Void>();
    BenchEngine.onFx(
        () -> {
          var env =
              Map.of(
                  "DOCKER_HOST",
                  "unix:///nonexistent/drover-kube-bench/docker.sock",
                  ConfigFolders.CONFIG_HOME_OVERRIDE,
                  home.toString());
          var drover =
              Drover.prepare(
                  new ConfigFolders(env, home, "Linux"),
                  new EngineEndpointResolver(env, home, false),
                  new Kubeconfigs(List.of(kubeconfig)));
          var stage = new Stage();
          var scene = new Scene[1];
          scene[0] =
              drover.show(
                  stage,
                  () ->
                      Platform.runLater(
                          () -> ((ToggleButton) scene[0].lookup("#nav-kubernetes")).fire()));
          // Looked up after every layout: the page may build its table again once the cluster
          // connection is made.
          scene[0].addPostLayoutPulseListener(
              new Runnable() {
                @Override
                public void run() {
                  if (scene[0].lookup("#kube-table") instanceof TableView<?> table
                      && table.getItems().size() >= count) {
                    scene[0].removePostLayoutPulseListener(this);
                    populated.complete(null);
                  }
                }
              });
          return null;
        });
    populated.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    System.out.println(POPULATED);
    System.out.flush();
    Thread.sleep(PATIENCE_SECONDS * 1000); // ended by the benchmark
  }

  private void runRounds(
      KubernetesClient client,
      Path home,
      Path kubeconfig,
      int count,
      List<Double> listTimes,
      List<Double> tableTimes,
      double heapWithoutApp)
      throws Exception {
    TableView<ResourceRow> table = null;
    for (int i = 0; i <= ROUNDS; i++) {
      if (table != null) closeApp();
      awaitQuietServer(client);
      // As a command-line tool does it, and as the page does: a client made from the kubeconfig,
      // one list.
      var start = System.nanoTime();
      int listed;
      try (var fresh =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig("bench", kubeconfig.toFile()))
              .build()) {
        listed = fresh.pods().inNamespace("bench").list().getItems().size();
      }
      var listMs = (System.nanoTime() - start) / 1e6;
      if (listed != count)
        throw new IllegalStateException("listed " + listed + " pods, expected " + count);
      var opened = openApp(home, kubeconfig, count);
      table = opened.table();
      var tableMs = opened.populatedMs().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
      if (i == 0) continue;
      listTimes.add(listMs);
      tableTimes.add(tableMs);
    }
    var list = BenchEngine.median(listTimes);
    var populated = BenchEngine.median(tableTimes);
    BenchResults.compared(
        "kube-pods-in-process",
        "Kubernetes page opened in a warmed-up window to a table of " + count + " pods",
        "ms",
        tableTimes,
        "Fabric8 list alone, in the benchmark's JVM",
        listTimes,
        BenchResults.Goal.none(),
        "the app's JSON mapper and client warmed first: recorded only, the goal is on"
            + " kube-pods-fresh");

    var heap = BenchEngine.heapAfterGcMiB();
    System.out.printf(
        Locale.ROOT,
        "heap used after GC, %d rows: %.1f MiB (%.1f MiB before the app started, +%.1f MiB)%n",
        count,
        heap,
        heapWithoutApp,
        heap - heapWithoutApp);

    // The first change is a warm-up, as the table's first round is: it is the first merge patch the
    // benchmark's
    // client sends and the first event the mock's watch delivers (both cold, in the benchmark's
    // tooling and in the
    // mock's JVM). Its time is printed, not counted.
    var first = changeOnePod(client, table, "pod-" + (count - 1), 1000);
    var updateTimes = new ArrayList<Double>();
    for (int i = 1; i <= UPDATES; i++)
      updateTimes.add(changeOnePod(client, table, "pod-" + (i * 37 % count), i));
    var update = BenchEngine.median(updateTimes);
    BenchResults.alone(
        "kube-pod-update",
        "one pod changed to its row changed, " + count + " pods",
        "ms",
        updateTimes,
        BenchResults.Goal.valueAtMost(GOAL_UPDATE_MS),
        String.format(Locale.ROOT, "first change, not counted: %.0f ms", first));
    System.out.printf(
        Locale.ROOT,
        "one pod changed to its row changed: median %.0f ms, max %.0f ms [%s] (goal under %.0f ms)%s; the first change, not counted: %.0f ms%n",
        update,
        BenchEngine.max(updateTimes),
        BenchEngine.format(updateTimes),
        GOAL_UPDATE_MS,
        BenchEngine.max(updateTimes) < GOAL_UPDATE_MS
            ? " — met, every change"
            : update < GOAL_UPDATE_MS ? " — met (median)" : " — NOT met",
        first);
    closeApp();
  }

  /**
   * Waits until the mock server answers a small request quickly again. The mock blocks its event
   * loop for a while when a watch closes (its WatchEventsListener waits for an executor there),
   * which would otherwise be timed as the next round's list.
   */
  private static void awaitQuietServer(KubernetesClient client) throws InterruptedException {
    // The closed window's client lets go of its watches on a background thread: give that time to
    // reach the mock.
    Thread.sleep(2000);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int quick = 0;
    while (quick < 10 && System.nanoTime() < deadline) {
      var start = System.nanoTime();
      try {
        client.namespaces().withName("bench").get();
        quick = (System.nanoTime() - start) < TimeUnit.MILLISECONDS.toNanos(50) ? quick + 1 : 0;
      } catch (KubernetesClientException stillBlocked) {
        quick = 0;
      }
      Thread.sleep(100);
    }
  }

  private record Opened(TableView<ResourceRow> table, CompletableFuture<Double> populatedMs) {}

  /**
   * A fresh window and, once it has shown its first frame and done the work that follows it, its
   * Kubernetes page (which makes its client and starts the informers as it is built); the future
   * gives the ms from opening the page until the table holds {@code count} rows. The window's own
   * start is not the page's: the container-list and first-frame benchmarks time that.
   */
  @SuppressWarnings("unchecked")
  private Opened openApp(Path home, Path kubeconfig, int count) throws Exception {
    var shown = new CompletableFuture<Void>();
    BenchEngine.onFx(
        () -> {
          var env =
              Map.of(
                  "DOCKER_HOST",
                  "unix:///nonexistent/drover-kube-bench/docker.sock",
                  ConfigFolders.CONFIG_HOME_OVERRIDE,
                  home.toString());
          drover =
              Drover.prepare(
                  new ConfigFolders(env, home, "Linux"),
                  new EngineEndpointResolver(env, home, false),
                  new Kubeconfigs(List.of(kubeconfig)));
          stage = new Stage();
          drover.show(stage, () -> shown.complete(null));
          return null;
        });
    shown.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    drover.kubernetesWarmedUp().toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    Thread.sleep(
        SETTLE_MS); // the rest of the work queued after the first frame (engine, VM wiring) runs
    // first
    return BenchEngine.onFx(
        () -> {
          var scene = stage.getScene();
          var populated = new CompletableFuture<Double>();
          var start = System.nanoTime();
          ((ToggleButton) scene.lookup("#nav-kubernetes")).fire();
          // The table sits in a split pane, whose skin adds it to the scene graph on the first
          // layout.
          scene.getRoot().applyCss();
          scene.getRoot().layout();
          var table = (TableView<ResourceRow>) scene.lookup("#kube-table");
          var rows = table.getItems();
          rows.addListener(
              new ListChangeListener<ResourceRow>() {
                @Override
                public void onChanged(Change<? extends ResourceRow> change) {
                  if (rows.size() != count) return;
                  rows.removeListener(this);
                  populated.complete((System.nanoTime() - start) / 1e6);
                }
              });
          return new Opened(table, populated);
        });
  }

  /** Sets one pod's restart count and returns the ms until its row shows it. */
  private static double changeOnePod(
      KubernetesClient client, TableView<ResourceRow> table, String name, int restarts)
      throws Exception {
    return timeUntil(
        table.getItems(),
        rows -> rows.stream().anyMatch(r -> r.name().equals(name) && r.restarts() == restarts),
        // One request, a merge patch, so the time is the change's, not a read-modify-write's.
        () ->
            Thread.ofVirtual()
                .start(
                    () ->
                        client
                            .pods()
                            .inNamespace("bench")
                            .withName(name)
                            .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"status\":{\"containerStatuses\":[{\"name\":\"app\",\"ready\":true,\"restartCount\":"
                                    + restarts
                                    + "}]}}")));
  }

  /**
   * Runs {@code action} on the FX thread and returns the ms until {@code rows} satisfy {@code
   * done}, checked on each change.
   */
  private static double timeUntil(
      ObservableList<ResourceRow> rows, Predicate<List<ResourceRow>> done, Runnable action)
      throws Exception {
    var finished = new CompletableFuture<Double>();
    Platform.runLater(
        () -> {
          var start = System.nanoTime();
          rows.addListener(
              new ListChangeListener<ResourceRow>() {
                @Override
                public void onChanged(Change<? extends ResourceRow> change) {
                  if (!done.test(rows)) return;
                  rows.removeListener(this);
                  finished.complete((System.nanoTime() - start) / 1e6);
                }
              });
          action.run();
          if (!finished.isDone() && done.test(rows))
            finished.complete((System.nanoTime() - start) / 1e6);
        });
    return finished.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
  }

  private void closeApp() throws Exception {
    BenchEngine.onFx(
        () -> {
          stage.hide();
          drover.close();
          return null;
        });
  }
}
