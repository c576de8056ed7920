package dev.drover.kube.cluster;

import static dev.drover.kube.cluster.KubeletSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.kube.cluster.exec.PodShells;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod's shell against the mock API server's exec expectations, which play the kubelet's side of
 * the exec stream: every binary frame starts with its channel, 0 standard input, 1 output, 3 the
 * status that ends the shell, 4 the terminal's size. (The client's frames are matched as UTF-8
 * text.)
 */
class PodShellsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path home;
  private MockCluster cluster;
  private ClusterConnection connection;
  private PodShells shells;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster();
    connection =
        ClusterConnection.open(
            new Kubeconfigs(List.of(cluster.kubeconfig(home))).contexts().getFirst());
    cluster
        .client
        .pods()
        .inNamespace("shop")
        .resource(MockCluster.pod("shop", "web-1", "Running", Map.of("app", "web")))
        .create();
    shells = new PodShells(connection);
  }

  @AfterEach
  void stop() {
    connection.close();
    cluster.close();
  }

  /** The exec request the client makes for a terminal shell in {@code container} of {@code pod}. */
  static String execPath(String pod, String container) {
    return "/api/v1/namespaces/shop/pods/"
        + pod
        + "/exec?command="
        + encoded("/bin/sh")
        + "&command=-c&command="
        + encoded(PodShells.SHELL.getLast())
        + "&container="
        + container
        + "&tty=true&stdin=true&stdout=true";
  }

  private static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String resizeFrame(int columns, int rows) {
    return "\u0004{\"Width\":" + columns + ",\"Height\":" + rows + "}";
  }

  /** Records what a shell prints and how it ends. */
  static final class Screen implements PodShells.Sink {
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final CountDownLatch ended = new CountDownLatch(1);
    volatile Integer exitCode;
    volatile String failure;
    // Broken promises are counted here: an assertion thrown on the client's threads would only be
    // logged.
    volatile int outputAfterEnd;
    volatile int extraEnds;

    @Override
    public synchronized void output(byte[] bytes) {
      if (ended.getCount() == 0) outputAfterEnd++;
      printed.writeBytes(bytes);
    }

    @Override
    public void ended(Integer exitCode, String failure) {
      if (ended.getCount() == 0) {
        extraEnds++;
        return;
      }
      this.exitCode = exitCode;
      this.failure = failure;
      ended.countDown();
    }

    synchronized String text() {
      return printed.toString(StandardCharsets.UTF_8);
    }

    boolean awaitEnd() throws InterruptedException {
      return ended.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    void assertEndedOnceAndLast() {
      assertThat(extraEnds).as("the end is reported once").isZero();
      assertThat(outputAfterEnd).as("no output after the end").isZero();
    }
  }

  @Test
  void typedInputReachesTheShellAndItsOutputTheScreen() {
    cluster.serveSocket(
        execPath("web-1", "app"),
        new KubeletSocket()
            .sendsOnOpen(frame(1, "\u001b[32mweb-1\u001b[0m:/# "))
            .answers("\u0000echo hello\r", frame(1, "echo hello\r\nhello\r\n")));
    var screen = new Screen();
    try (var shell = shells.open("shop", "web-1", "app", 80, 24, screen)) {
      await("the prompt, colours and all")
          .atMost(PATIENCE)
          .until(() -> screen.text().contains("\u001b[32mweb-1\u001b[0m:/# "));
      shell.send("echo hello\r".getBytes(StandardCharsets.UTF_8));
      await("the command's output")
          .atMost(PATIENCE)
          .until(() -> screen.text().contains("hello\r\nhello\r\n"));
    }
  }

  @Test
  void theShellLearnsItsSizeWhenItOpensAndWhenTheTerminalResizes() {
    cluster.serveSocket(
        execPath("web-1", "app"),
        new KubeletSocket()
            .answers(resizeFrame(80, 24), frame(1, "[opened at 80x24]"))
            .answers(resizeFrame(132, 43), frame(1, "[now 132x43]")));
    var screen = new Screen();
    try (var shell = shells.open("shop", "web-1", "app", 80, 24, screen)) {
      await("the size it opened at")
          .atMost(PATIENCE)
          .until(() -> screen.text().contains("[opened at 80x24]"));
      shell.resize(132, 43);
      await("the new size").atMost(PATIENCE).until(() -> screen.text().contains("[now 132x43]"));
    }
  }

  @Test
  void anExitReportsTheShellsExitCode() throws Exception {
    var exit =
        new StatusBuilder()
            .withStatus("Failure")
            .withReason("NonZeroExitCode")
            .withMessage(
                "command terminated with non-zero exit code: error executing command [/bin/sh -c ...], exit code 3")
            .withNewDetails()
            .addNewCause()
            .withReason("ExitCode")
            .withMessage("3")
            .endCause()
            .endDetails()
            .build();
    cluster.serveSocket(
        execPath("web-1", "app"),
        new KubeletSocket()
            .sendsOnOpen(frame(1, "$ "))
            .answers(
                "\u0000exit 3\r",
                frame(3, connection.client().getKubernetesSerialization().asJson(exit))));
    var screen = new Screen();
    var shell = shells.open("shop", "web-1", "app", 80, 24, screen);
    await("the prompt").atMost(PATIENCE).until(() -> screen.text().equals("$ "));
    shell.send("exit 3\r".getBytes(StandardCharsets.UTF_8));

    assertThat(screen.awaitEnd()).as("the end is reported").isTrue();
    assertThat(screen.exitCode).isEqualTo(3);
    assertThat(screen.failure).isNull();
    shell.close();
    screen.assertEndedOnceAndLast();
  }

  @Test
  void aCleanExitIsCodeZero() throws Exception {
    cluster.serveSocket(
        execPath("web-1", "app"),
        new KubeletSocket()
            .answers("\u0000exit\r", frame(3, "{\"metadata\":{},\"status\":\"Success\"}")));
    var screen = new Screen();
    var shell = shells.open("shop", "web-1", "app", 80, 24, screen);
    shell.send("exit\r".getBytes(StandardCharsets.UTF_8));

    assertThat(screen.awaitEnd()).isTrue();
    assertThat(screen.exitCode).isZero();
    assertThat(screen.failure).isNull();
    screen.assertEndedOnceAndLast();
  }

  @Test
  void aContainerWithoutAShellSaysSoAndHowToLookInsideAnyway() throws Exception {
    var noShell =
        new StatusBuilder()
            .withStatus("Failure")
            .withReason("InternalError")
            .withMessage(
                "Internal error occurred: error executing command in container: failed to exec in container: "
                    + "failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: "
                    + "exec: \"/bin/sh\": stat /bin/sh: no such file or directory: unknown")
            .build();
    cluster.serveSocket(
        execPath("web-1", "app"),
        new KubeletSocket()
            .sendsOnOpen(
                frame(3, connection.client().getKubernetesSerialization().asJson(noShell))));
    var screen = new Screen();
    shells.open("shop", "web-1", "app", 80, 24, screen);

    assertThat(screen.awaitEnd()).isTrue();
    assertThat(screen.exitCode).isNull();
    assertThat(screen.failure).contains("app has no shell").contains("kubectl debug");
  }

  @Test
  void aPodThatIsNotRunningYetIsNamedAsSuch() {
    cluster
        .client
        .pods()
        .inNamespace("shop")
        .resource(MockCluster.pod("shop", "web-2", "Pending", Map.of("app", "web")))
        .create();
    cluster
        .server
        .expect()
        .get()
        .withPath(execPath("web-2", "app"))
        .andReturn(
            400,
            new StatusBuilder()
                .withCode(400)
                .withStatus("Failure")
                .withMessage("pod web-2 does not have a host assigned")
                .build())
        .always();

    assertThatThrownBy(() -> shells.open("shop", "web-2", "app", 80, 24, new Screen()))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("web-2 is Pending")
        .hasMessageContaining("once it runs");
  }

  @Test
  void aCrashingContainerIsNamedWithItsReason() {
    cluster
        .client
        .pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder(MockCluster.pod("shop", "web-3", "Running", Map.of("app", "web")))
                .editStatus()
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName("app")
                        .withReady(false)
                        .withState(
                            new ContainerStateBuilder()
                                .withNewWaiting()
                                .withReason("CrashLoopBackOff")
                                .endWaiting()
                                .build())
                        .build())
                .endStatus()
                .build())
        .create();
    cluster
        .server
        .expect()
        .get()
        .withPath(execPath("web-3", "app"))
        .andReturn(
            400,
            new StatusBuilder()
                .withCode(400)
                .withStatus("Failure")
                .withMessage("unable to upgrade connection: container not found (\"app\")")
                .build())
        .always();

    assertThatThrownBy(() -> shells.open("shop", "web-3", "app", 80, 24, new Screen()))
        .hasMessageContaining("app is not running (CrashLoopBackOff)");
  }

  @Test
  void aUserWhoMayNotExecIsToldWhichPermissionIsMissing() {
    cluster
        .server
        .expect()
        .get()
        .withPath(execPath("web-1", "app"))
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withStatus("Failure")
                .withReason("Forbidden")
                .withMessage(
                    "pods \"web-1\" is forbidden: User \"dev\" cannot create resource \"pods/exec\" in the namespace \"shop\"")
                .build())
        .always();

    assertThatThrownBy(() -> shells.open("shop", "web-1", "app", 80, 24, new Screen()))
        .hasMessageContaining("may not open shells")
        .hasMessageContaining("pods/exec");
  }

  @Test
  void theContainersOfferedAreThePodsOwnFirstThenItsInitContainers() {
    cluster
        .client
        .pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder(MockCluster.pod("shop", "web-4", "Running", Map.of("app", "web")))
                .editSpec()
                .addToContainers(
                    new ContainerBuilder().withName("proxy").withImage("envoy").build())
                .addToInitContainers(
                    new ContainerBuilder().withName("migrate").withImage("shop/migrate:1").build())
                .endSpec()
                .build())
        .create();

    assertThat(shells.containers("shop", "web-4")).containsExactly("app", "proxy", "migrate");
  }
}
