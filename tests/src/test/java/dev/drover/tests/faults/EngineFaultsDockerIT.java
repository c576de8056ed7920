package dev.drover.tests.faults;

import static dev.drover.tests.support.Fx.awaitText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.drover.app.settings.Settings;
import dev.drover.app.settings.SettingsStore;
import dev.drover.app.settings.ThemeChoice;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.app.ui.containers.logs.LogEntry;
import dev.drover.app.ui.containers.logs.LogsTuning;
import dev.drover.app.ui.containers.logs.LogsViewModel;
import dev.drover.app.ui.images.ImageRow;
import dev.drover.app.ui.images.ImagesViewModel;
import dev.drover.app.ui.images.LayerRow;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.EngineWatcher;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.images.ImageReference;
import dev.drover.engine.logs.ContainerLogs;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.ImagesPaneFixtures;
import dev.drover.tests.support.PrivateDockerd;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javafx.application.Application;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The engine dies under the panes: a private dockerd of the test's own is killed with SIGKILL (as a
 * crash or the OOM killer does) while a log streams, while an image is pulled and while the whole
 * app runs, then started again. What the user sees must say what happened and recover, and nothing
 * of theirs may be damaged.
 */
class EngineFaultsDockerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Pattern LINE = Pattern.compile("line(\\d+)");

  /** Signs that an exception reached the user instead of a sentence. */
  private static final List<String> STACK_TRACE_SIGNS = List.of("Exception", "\tat ", "\n");

  private static Path root;
  private static PrivateDockerd engine;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<String> privateContainers = new ArrayList<>();
  private boolean engineDown;

  @BeforeAll
  static void startEngine() throws Exception {
    // A short path: dockerd's containerd sockets live under it and unix socket paths are limited to
    // 107 bytes.
    root = Path.of("/tmp", "drover-faults-" + UUID.randomUUID().toString().substring(0, 8));
    engine = new PrivateDockerd(root);
    engine.start();
    try (var docker = privateClient()) {
      TestImages.busybox(docker);
    }
  }

  @AfterAll
  static void stopEngine() throws Exception {
    if (engine != null) engine.close();
  }

  /**
   * Brings a killed engine back so the fixture can stop it cleanly, then removes what the test made
   * in it.
   */
  @AfterEach
  void cleanUp() throws Exception {
    try {
      for (var closeable : toClose.reversed()) closeable.close();
    } finally {
      if (engineDown) restartEngine();
      try (var docker = privateClient()) {
        privateContainers.forEach(id -> TestEngine.removeQuietly(docker, id));
      }
    }
  }

  // ---- 1. logs ----

  @Test
  void logsSayTheEngineStoppedAndResumeWhenItReturns() throws Exception {
    String container;
    try (var docker = privateClient()) {
      // A numbered line every 200 ms. The count lives in the container's file system, so the
      // container that
      // the engine restarts counts on instead of printing line1 again: every number it ever prints
      // is unique,
      // and a number seen twice in the pane was read twice by Drover. The count is saved
      // (atomically: a kill
      // never leaves it empty) before the line is printed, so a kill in between skips a number,
      // never repeats
      // one. TERM ends the loop at once, since the engine stops it (10 s for a shell that ignores
      // TERM) when
      // it comes back without live-restore, before restarting it.
      container =
          docker
              .createContainerCmd(TestImages.BUSYBOX)
              .withName(TestEngine.uniqueName("faults-logs"))
              .withHostConfig(
                  HostConfig.newHostConfig().withRestartPolicy(RestartPolicy.alwaysRestart()))
              .withCmd(
                  "sh",
                  "-c",
                  "trap 'exit 0' TERM; i=$(cat /count 2>/dev/null || echo 0); while true; do "
                      + "i=$((i+1)); echo $i > /count.new; mv /count.new /count; echo line$i; sleep 0.2; done")
              .exec()
              .getId();
      privateContainers.add(container);
      docker.startContainerCmd(container).exec();
    }
    var ui = uiThread();
    var watcher = watcher();
    var logs =
        ui.read(
            () ->
                new LogsViewModel(
                    new ContainerLogs(clients())::follow,
                    Background.virtualThreads(ui),
                    ui,
                    container,
                    LogsTuning.defaults()));
    toClose.add(
        () ->
            ui.read(
                () -> {
                  logs.close();
                  return null;
                }));
    // As the app does when a container's logs are opened: the pane hears the engine come and go.
    watcher.subscribe(logs);

    await("the first lines")
        .atMost(PATIENCE)
        .until(() -> ui.read(() -> logs.lines().size()), n -> n >= 5);
    assertThat(ui.read(() -> logs.statusProperty().get())).isEqualTo("Streaming");

    killEngine();
    await("the log says the engine is unreachable")
        .atMost(PATIENCE)
        .until(
            () -> ui.read(() -> logs.statusProperty().get()),
            s -> s.startsWith("Engine unreachable — resuming when it returns: "));
    var outage = ui.read(() -> logs.statusProperty().get());
    assertThat(outage)
        .as("the reason names the engine and what to check")
        .contains(engine.endpoint().host().toString());
    assertNoStackTrace(outage);
    var beforeRestart = ui.read(() -> numbers(logs.lines()));
    var lastBefore = beforeRestart.getLast();

    restartEngine();
    await("new lines after the outage")
        .atMost(PATIENCE)
        .until(
            () -> ui.read(() -> numbers(logs.lines()).getLast()), last -> last >= lastBefore + 5);
    assertThat(ui.read(() -> logs.statusProperty().get())).isEqualTo("Streaming");

    var entries = ui.read(() -> List.copyOf(logs.lines()));
    var after = numbers(entries);
    // On failure, the time stamps tell a line read twice (same stamp) from a line printed twice (a
    // new stamp).
    var seen = entries.stream().map(e -> e.text() + "@" + e.timestamp()).toList();
    assertThat(after.subList(0, beforeRestart.size()))
        .as("the lines from before the outage are kept as they were")
        .isEqualTo(beforeRestart);
    assertThat(after)
        .as(
            "no line twice, none out of order: resuming did not read old lines again; lines: %s",
            seen)
        .doesNotHaveDuplicates()
        .isSorted();
  }

  private static List<Integer> numbers(List<LogEntry> lines) {
    return lines.stream()
        .map(
            entry -> {
              var matcher = LINE.matcher(entry.text());
              if (!matcher.matches())
                throw new AssertionError("a log line the container did not write: " + entry.text());
              return Integer.parseInt(matcher.group(1));
            })
        .toList();
  }

  // ---- 2. pull ----

  @Test
  void aPullCutByTheEngineDyingIsReportedAndWorksAfterwards() throws Exception {
    var registry = RealParts.require("DROVER_TEST_REGISTRY", "no local image registry");
    var repository =
        registry + "/drover-test/faults-pull-" + UUID.randomUUID().toString().substring(0, 8);
    var reference = repository + ":1";
    String imageId;
    try (var shared = TestEngine.client()) {
      // A layer of its own, of random bytes: the pull really downloads and unpacks something, long
      // enough to cut.
      imageId = ImagesPaneFixtures.uniqueImage(shared, repository, "1", Map.of(), 32 * 1024 * 1024);
      toClose.add(
          () -> {
            try (var docker = TestEngine.client()) {
              ImagesPaneFixtures.removeImageQuietly(docker, imageId);
            }
          });
      ImagesPaneFixtures.push(shared, repository, "1");
    }
    var canonical = ImageReference.parse(reference).canonical();

    var ui = uiThread();
    var watcher = watcher();
    var images =
        ui.read(
            () ->
                new ImagesViewModel(
                    new DockerImageService(clients()), Background.virtualThreads(ui), ui));
    watcher.subscribe(images);

    // The engine is killed as soon as the pane shows the pull's first layer: mid-pull, not before
    // or after it.
    var pullShowsLayers = new CountDownLatch(1);
    ui.read(
        () -> {
          images
              .pullLayersProperty()
              .addListener(
                  (ListChangeListener<LayerRow>)
                      change -> {
                        if (!images.pullLayersProperty().isEmpty()) pullShowsLayers.countDown();
                      });
          images.pull(reference);
          return null;
        });
    assertThat(pullShowsLayers.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .as("the pull showed its layers")
        .isTrue();
    killEngine();
    assertThat(ui.read(() -> images.pullStatusProperty().get()))
        .as("the engine died while the pull ran")
        .doesNotStartWith("Pulled ");

    await("the cut pull ends")
        .atMost(PATIENCE)
        .until(() -> ui.read(() -> images.pullingProperty().get()), p -> !p);
    assertThat(ui.read(() -> images.pullStatusProperty().get()))
        .isEqualTo("Pulling " + reference + " failed.");
    var error = ui.read(() -> images.errorProperty().get());
    assertThat(error)
        .as("the error says which pull failed and at which engine")
        .startsWith("Pulling " + canonical + " failed: ")
        .contains(engine.endpoint().host().toString());
    assertNoStackTrace(error);

    restartEngine();
    await("the pane sees the engine again")
        .atMost(PATIENCE)
        .until(() -> watcher.status() instanceof EngineStatus.Connected);
    ui.read(
        () -> {
          images.pull(reference);
          return null;
        });
    await("the second pull ends")
        .atMost(Duration.ofSeconds(60))
        .until(() -> ui.read(() -> images.pullingProperty().get()), p -> !p);
    assertThat(ui.read(() -> images.errorProperty().get())).as("the second pull worked").isEmpty();
    assertThat(ui.read(() -> images.pullStatusProperty().get()))
        .isEqualTo("Pulled " + reference + ".");
    await("the image is listed")
        .atMost(PATIENCE)
        .until(
            () -> ui.read(() -> images.rowsProperty().stream().map(ImageRow::reference).toList()),
            rows -> rows.contains(canonical) || rows.contains(reference));
    try (var docker = privateClient()) {
      assertThat(docker.inspectImageCmd(reference).exec().getId())
          .as("the very image that was pushed")
          .isEqualTo(imageId);
    }
  }

  // ---- 3. settings ----

  @Test
  void settingsSurviveAnEngineCrash(@TempDir Path configHome) throws Exception {
    RealParts.display();
    var store = new SettingsStore(configHome.resolve("settings.json"));
    // Nothing here is a default; the engine comes from the settings, not from DOCKER_HOST.
    var chosen = new Settings(ThemeChoice.DARK, 4321, engine.endpoint().host().toString());
    store.save(chosen);
    var before = Files.readAllBytes(store.file());

    var app = Fx.droverFor("unix:///nonexistent/drover-faults/docker.sock", configHome);
    toClose.add(app);
    FxToolkit.registerPrimaryStage();
    FxToolkit.setupStage(app::show);
    toClose.add(FxToolkit::cleanupStages);
    var robot = new FxRobot();

    awaitText(
        robot,
        "#engine-status",
        t -> t.startsWith("Connected to " + engine.endpoint().host()),
        "connected to the engine the settings name");
    assertThat(Fx.onFx(Application::getUserAgentStylesheet))
        .as("the dark theme the settings chose")
        .containsIgnoringCase("dark");

    killEngine();
    awaitText(
        robot,
        "#engine-status",
        t -> t.startsWith("Unreachable: "),
        "unreachable once the engine dies");
    restartEngine();
    awaitText(
        robot,
        "#engine-status",
        t -> t.startsWith("Connected to "),
        "connected again when it returns");

    assertThat(Files.readAllBytes(store.file()))
        .as("the settings file is untouched")
        .isEqualTo(before);
    try (var files = Files.list(configHome)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("no damaged copy moved aside, no half-written temp file left")
          .noneMatch(name -> name.contains(".corrupt-") || name.endsWith(".tmp"));
    }
    var reloaded = new SettingsStore(store.file()).load();
    assertThat(reloaded.problem()).isEmpty();
    assertThat(reloaded.settings()).isEqualTo(chosen);
  }

  // ---- helpers ----

  private static DockerClient privateClient() {
    return DockerClients.open(engine.endpoint(), Duration.ofSeconds(30));
  }

  private void killEngine() throws InterruptedException, IOException {
    engineDown = true;
    engine.kill();
  }

  private void restartEngine() throws IOException, InterruptedException {
    engine.start();
    engineDown = false;
  }

  private EngineWatcher watcher() {
    var watcher = new EngineWatcher(engine::endpoint);
    toClose.add(watcher);
    watcher.start();
    await("the watcher connects")
        .atMost(PATIENCE)
        .until(() -> watcher.status() instanceof EngineStatus.Connected);
    return watcher;
  }

  private EngineClients clients() {
    var clients = new EngineClients(engine::endpoint);
    toClose.add(clients);
    return clients;
  }

  private UiThread uiThread() {
    var ui = new UiThread();
    toClose.add(ui);
    return ui;
  }

  private static void assertNoStackTrace(String text) {
    assertThat(text).as("a sentence, not a stack trace").doesNotContain(STACK_TRACE_SIGNS);
  }

  /**
   * One thread standing in for the FX thread, so the view models run as they do in the app (every
   * property change on one thread, engine work on virtual threads) without a toolkit. The test
   * reads state through it.
   */
  private static final class UiThread implements UiDispatcher, AutoCloseable {
    private final ExecutorService thread =
        Executors.newSingleThreadExecutor(Thread.ofPlatform().name("test-ui").factory());

    @Override
    public void post(Runnable action) {
      thread.execute(action);
    }

    <T> T read(Callable<T> read) throws InterruptedException, ExecutionException, TimeoutException {
      return thread.submit(read).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      thread.shutdownNow();
    }
  }
}
