package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.awaitText;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.drover.app.Drover;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.app.ui.containers.logs.LogEntry;
import dev.drover.app.ui.terminal.TerminalView;
import dev.drover.engine.ContainerSummary.PublishedPort;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.RealisticImage;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The main window on containers of images configured like the popular server images ({@link
 * RealisticImage}: several exposed ports, volumes, a health check, a non-root user, an entrypoint
 * script, a server logging every second), against dockerd in {@link RealisticImagesWindowDockerIT}
 * and Podman in {@link RealisticImagesWindowPodmanIT}. One web server container per engine serves
 * the list and details tests; the run dialog and Compose tests make their own.
 */
@ExtendWith(ApplicationExtension.class)
abstract class RealisticImagesWindowContract {

  private static final Pattern TICK_COUNT = Pattern.compile("(\\d+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static DockerClient docker;
  private static TestEngine.Kind connectedKind;
  private static RealisticImage web;
  private static RealisticImage database;
  private static String server;

  /** The engine this run of the tests drives. */
  abstract TestEngine.Kind engine();

  /**
   * Has the engine run {@code container}'s health check by now, as it would on a schedule of its
   * own.
   */
  abstract void runHealthCheck(String container) throws IOException;

  @TempDir Path configHome;
  private Drover drover;

  @BeforeAll
  static void displayPresent() {
    RealParts.display();
  }

  @BeforeEach
  void runningWebServer() throws Exception {
    if (connectedKind == engine()) return;
    removeServer();
    docker = engine().client();
    connectedKind = engine();
    web = TestImages.webServer(docker);
    database = TestImages.database(docker);
    server = TestEngine.uniqueName("web");
    // As `docker run -p 127.0.0.1::8080 …` asks: each port on a free host port of the loopback
    // address.
    var published = List.of(ExposedPort.tcp(8080), ExposedPort.tcp(8443), ExposedPort.udp(8125));
    docker
        .createContainerCmd(web.reference())
        .withName(server)
        .withExposedPorts(published)
        .withHostConfig(
            HostConfig.newHostConfig()
                .withPortBindings(
                    published.stream()
                        .map(port -> new PortBinding(Ports.Binding.bindIp("127.0.0.1"), port))
                        .toList()))
        .exec();
    docker.startContainerCmd(server).exec();
  }

  @AfterAll
  static void removeServer() throws Exception {
    if (docker != null) {
      removeWithVolumes(server);
      docker.close();
    }
    docker = null;
    connectedKind = null;
  }

  @Start
  void start(Stage stage) {
    drover = Fx.droverFor(engine().host(), configHome);
    drover.show(stage);
  }

  @AfterEach
  void closeApp() {
    drover.close();
  }

  @Test
  void theServerIsListedRunningWithEveryPublishedPort(FxRobot robot) throws Exception {
    var bindings =
        docker.inspectContainerCmd(server).exec().getNetworkSettings().getPorts().getBindings();
    var expected =
        List.of(
            published(bindings, ExposedPort.tcp(8080)),
            published(bindings, ExposedPort.tcp(8443)),
            published(bindings, ExposedPort.udp(8125)));

    await("the server is listed as running with its three ports")
        .atMost(PATIENCE)
        .until(
            () -> row(robot, server),
            r -> r != null && r.running() && r.ports().containsAll(expected));
    for (var port : expected) {
      assertThat(Fx.showsText(robot, port.describe())).as("%s is shown", port.describe()).isTrue();
    }
    var row = row(robot, server);
    assertThat(row.status()).as("the engine's status text").startsWith("Up ");
    assertThat(row.image()).endsWith(web.reference());
    assertThat(get(expected.getFirst().hostPort()))
        .as("the listed HTTP port reaches the server")
        .contains("Welcome to drover-test/web");
  }

  @Test
  void theServersHealthIsShownInTheList(FxRobot robot) {
    await("the engine finds the server healthy")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              runHealthCheck(server);
              var health = docker.inspectContainerCmd(server).exec().getState().getHealth();
              return health != null && "healthy".equals(health.getStatus());
            });
    await("the list shows the server as healthy")
        .atMost(PATIENCE)
        .until(() -> row(robot, server), r -> r != null && r.status().contains("(healthy)"));
  }

  @Test
  void theDetailsShowTheServersGrowingLogAndItsResourceUse(FxRobot robot) {
    openDetails(robot, server);
    await("the server's start-up line is shown")
        .atMost(PATIENCE)
        .until(
            () -> logView(robot),
            view -> view.lines().stream().anyMatch(text -> text.contains(web.readyLine())));
    await("a heartbeat line is shown").atMost(PATIENCE).until(() -> lastTick(robot) > 0);
    var first = lastTick(robot);
    await("the log keeps following the server")
        .atMost(PATIENCE)
        .until(() -> lastTick(robot) >= first + 2);

    robot.clickOn("Stats");
    await("the server's resource use is charted")
        .atMost(PATIENCE)
        .until(() -> Fx.text(robot, "#stats-latest"), t -> t != null && t.contains("%"));
  }

  @Test
  void theInspectTabShowsTheEnginesDocumentWithPortsUserAndHealthCheck(FxRobot robot) {
    var id = docker.inspectContainerCmd(server).exec().getId();
    openDetails(robot, server);
    robot.clickOn("Inspect");
    await("the inspect document is loaded")
        .atMost(PATIENCE)
        .until(() -> inspectText(robot), t -> !t.equals("Loading…"));

    var json = inspectText(robot);
    assertThat(json)
        .as("the document names the container")
        .containsPattern("\"Id\"\\s*:\\s*\"" + id + "\"");
    assertThat(json)
        .as("the exposed and published ports")
        .contains("\"8080/tcp\"", "\"8443/tcp\"", "\"8125/udp\"");
    assertThat(json)
        .as("the image's user")
        .containsPattern("\"User\"\\s*:\\s*\"" + web.user() + "\"");
    assertThat(json)
        .as("the image's health check")
        .contains("wget -q -O /dev/null http://127.0.0.1:8080/");
    assertThat(json).as("the image's labels").contains("\"org.opencontainers.image.title\"");
  }

  @Test
  void theTerminalOpensAShellAsTheImagesNonRootUser(FxRobot robot) {
    openDetails(robot, server);
    robot.clickOn("Terminal");
    // A non-root shell prompts with "$", root's with "#".
    await("a shell prompt in the terminal")
        .atMost(PATIENCE)
        .until(() -> terminalText(robot).contains("$"));
    robot.clickOn("#terminal-web").write("echo \"me=$(id -un):$(id -u):$PWD\"").type(KeyCode.ENTER);
    await("the shell runs as the image's user in its working directory")
        .atMost(PATIENCE)
        .until(
            () -> terminalText(robot).contains("me=" + web.user() + ":" + web.uid() + ":/srv/www"));
  }

  @Test
  void theRunDialogRunsTheServerWithPublishedPortsAndANamedVolume(FxRobot robot) throws Exception {
    var name = TestEngine.uniqueName("dialog-web");
    var volume = name + "-cache";
    try {
      await("the table is up")
          .atMost(PATIENCE)
          .until(() -> Fx.showsText(robot, "Run a container…"));
      robot.clickOn("#run-container");
      robot.clickOn("#run-image").write(web.reference());
      robot.clickOn("#run-name").write(name);
      // Empty host ports: the engine picks free ones as the container starts, so none can be taken
      // in between.
      robot.clickOn("#run-ports").write("127.0.0.1::8080, 127.0.0.1::8125/udp");
      robot.clickOn("#run-env").write("WEB_WORKER_PROCESSES=2");
      robot.clickOn("#run-mounts").write(volume + ":" + web.dataVolume());
      awaitText(robot, "#run-problem", String::isEmpty, "the input is valid");
      robot.clickOn("#run-button");

      var listed =
          await("the dialog's server is listed as running with two ports")
              .atMost(PATIENCE)
              .until(
                  () -> row(robot, name), r -> r != null && r.running() && r.ports().size() >= 2);
      var bindings =
          docker.inspectContainerCmd(name).exec().getNetworkSettings().getPorts().getBindings();
      var expected =
          List.of(
              published(bindings, ExposedPort.tcp(8080)),
              published(bindings, ExposedPort.udp(8125)));
      assertThat(expected)
          .as("bound on the address typed, each to a port the engine chose")
          .allSatisfy(port -> assertThat(port.hostIp()).isEqualTo("127.0.0.1"))
          .allSatisfy(port -> assertThat(port.hostPort()).isPositive());
      assertThat(listed.ports())
          .as("the row lists the ports the engine bound")
          .containsAll(expected);
      int http = expected.getFirst().hostPort();
      await("the server answers on the published port")
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(() -> get(http), page -> page.contains("Welcome to drover-test/web"));

      var container = docker.inspectContainerCmd(name).exec();
      assertThat(container.getConfig().getUser())
          .as("the image's user is kept")
          .isEqualTo(web.user());
      assertThat(container.getConfig().getEnv())
          .as("the dialog's variable beside the image's")
          .contains("WEB_WORKER_PROCESSES=2", "WEB_PORT=8080");
      assertThat(container.getMounts())
          .as("the named volume at the image's cache path")
          .anyMatch(
              m ->
                  volume.equals(m.getName())
                      && web.dataVolume().equals(m.getDestination().getPath()));
    } finally {
      removeWithVolumes(name);
      removeVolume(volume);
    }
  }

  @Test
  void aComposeProjectOfTheServersStopsAndStartsAsOne(FxRobot robot) {
    var project = TestEngine.uniqueName("shop");
    var network = project + "_default";
    var dataVolume = project + "_dbdata";
    var names = List.of(project + "-web-1", project + "-db-1");
    try {
      // What `docker compose up` makes of a web service and a database with a named volume.
      docker
          .createNetworkCmd()
          .withName(network)
          .withLabels(
              Map.of(
                  "com.docker.compose.project", project, "com.docker.compose.network", "default"))
          .exec();
      docker
          .createVolumeCmd()
          .withName(dataVolume)
          .withLabels(
              Map.of("com.docker.compose.project", project, "com.docker.compose.volume", "dbdata"))
          .exec();
      composeService(
          project,
          "web",
          web,
          network,
          HostConfig.newHostConfig()
              .withPortBindings(
                  new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(8080))),
          "WEB_WORKER_PROCESSES=4");
      composeService(
          project,
          "db",
          database,
          network,
          HostConfig.newHostConfig()
              .withMounts(
                  List.of(
                      new Mount()
                          .withType(MountType.VOLUME)
                          .withSource(dataVolume)
                          .withTarget(database.dataVolume()))),
          "DB_USER=shop");
      awaitText(
          robot,
          "#project-" + project,
          t -> t.equals(project + " · 2 of 2 running"),
          "the project is shown");

      clickProjectButton(robot, "#project-stop-" + project);
      awaitText(
          robot,
          "#project-" + project,
          t -> t.equals(project + " · 0 of 2 running"),
          "all of it stopped");
      for (var name : names) {
        var state = docker.inspectContainerCmd(name).exec().getState();
        assertThat(state.getRunning()).as(name + " runs").isFalse();
        assertThat(state.getExitCodeLong())
            .as(name + " ended on its stop signal, not killed")
            .isZero();
      }

      clickProjectButton(robot, "#project-start-" + project);
      awaitText(
          robot,
          "#project-" + project,
          t -> t.equals(project + " · 2 of 2 running"),
          "all of it started");
    } finally {
      names.forEach(RealisticImagesWindowContract::removeWithVolumes);
      removeVolume(dataVolume);
      try {
        docker.removeNetworkCmd(network).exec();
      } catch (NotFoundException alreadyGone) {
        // Nothing to clean up.
      }
    }
  }

  /**
   * Clicks a button of a project's chip. The chips are made anew on every change of the projects
   * (each container event of theirs), so the button looked up may have left the scene by the time
   * the pointer reaches it: then the click did not happen, and it is tried on the new button.
   */
  private static void clickProjectButton(FxRobot robot, String selector) {
    await("clicked " + selector)
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(
            () -> {
              robot.clickOn(selector);
              return true;
            });
  }

  private static void composeService(
      String project,
      String service,
      RealisticImage image,
      String network,
      HostConfig hostConfig,
      String env) {
    var name = project + "-" + service + "-1";
    docker
        .createContainerCmd(image.reference())
        .withName(name)
        .withEnv(env)
        .withLabels(
            Map.of(
                "com.docker.compose.project",
                project,
                "com.docker.compose.service",
                service,
                "com.docker.compose.container-number",
                "1",
                "com.docker.compose.oneoff",
                "False",
                "com.docker.compose.project.working_dir",
                "/srv/" + project,
                "com.docker.compose.project.config_files",
                "/srv/" + project + "/compose.yaml"))
        .withHostConfig(hostConfig.withNetworkMode(network))
        .exec();
    docker.startContainerCmd(name).exec();
  }

  private static PublishedPort published(
      Map<ExposedPort, Ports.Binding[]> bindings, ExposedPort port) {
    var binding = bindings.get(port)[0];
    return new PublishedPort(
        binding.getHostIp(),
        Integer.parseInt(binding.getHostPortSpec()),
        port.getPort(),
        port.getProtocol().toString());
  }

  private static String get(int port) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /**
   * Removes a container and its anonymous volumes (the image declares some), whether or not it
   * still exists.
   */
  private static void removeWithVolumes(String name) {
    if (name == null) return;
    try {
      docker.removeContainerCmd(name).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException alreadyGone) {
      // Nothing to clean up.
    }
  }

  private static void removeVolume(String name) {
    try {
      docker.removeVolumeCmd(name).exec();
    } catch (NotFoundException alreadyGone) {
      // Nothing to clean up.
    }
  }

  /**
   * Selects the container's row and opens its details. An engine event about the container (its
   * health, say) makes its row anew, which ends the selection and so disables the details button:
   * then it is selected again.
   */
  private static void openDetails(FxRobot robot, String name) {
    await("the details of " + name + " open")
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(
            () -> {
              if (name.equals(Fx.text(robot, "#details-title"))) return true;
              if (!Fx.showsText(robot, name)) return false;
              robot.clickOn(name);
              if (!onFx(() -> robot.lookup("#action-details").query().isDisabled()))
                robot.clickOn("#action-details");
              return name.equals(Fx.text(robot, "#details-title"));
            });
  }

  /** The highest count among the heartbeat lines shown, or 0 before the first. */
  private long lastTick(FxRobot robot) {
    return logTexts(robot).stream()
        .filter(text -> text.contains(web.tickLine()))
        .map(
            text ->
                TICK_COUNT.matcher(
                    text.substring(text.indexOf(web.tickLine()) + web.tickLine().length())))
        .filter(Matcher::lookingAt)
        .mapToLong(m -> Long.parseLong(m.group(1)))
        .max()
        .orElse(0);
  }

  /** What the logs tab shows: its status and the lines in its list. */
  private record LogsTab(String status, List<String> lines) {}

  private static LogsTab logView(FxRobot robot) {
    return new LogsTab(Fx.text(robot, "#logs-status"), logTexts(robot));
  }

  private static List<String> logTexts(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#logs-list")
                .<ListView<?>>tryQuery()
                .map(
                    list -> list.getItems().stream().map(item -> ((LogEntry) item).text()).toList())
                .orElse(List.of()));
  }

  private static String inspectText(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#inspect-json")
                .<TextArea>tryQuery()
                .map(TextArea::getText)
                .orElse("Loading…"));
  }

  private static String terminalText(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#terminal")
                .<TerminalView>tryQuery()
                .map(TerminalView::screenText)
                .orElse(""));
  }

  @SuppressWarnings("unchecked")
  private static ContainerRow row(FxRobot robot, String name) {
    return onFx(
        () ->
            robot
                .lookup("#containers-table")
                .<TableView<ContainerRow>>tryQuery()
                .flatMap(
                    table ->
                        table.getItems().stream().filter(r -> r.name().equals(name)).findFirst())
                .orElse(null));
  }
}
