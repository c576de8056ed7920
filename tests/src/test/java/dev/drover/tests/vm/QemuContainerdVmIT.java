package dev.drover.tests.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import dev.drover.engine.containerd.ContainerdClients;
import dev.drover.engine.containerd.ContainerdContainer;
import dev.drover.engine.containerd.ContainerdEngine;
import dev.drover.engine.containerd.ContainerdListener;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.RunVerdicts;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.DriverKind;
import dev.drover.vm.EngineSelection;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestConsole;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.instance.VmStatusSnapshot;
import dev.drover.vm.qemu.AcceleratorProbe;
import dev.drover.vm.qemu.QemuDriver;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;

/**
 * The VM with the containerd engine: containerd alone in the guest, its gRPC API reached over
 * mutual TLS through the forwarded port. One boot (20–60 s under TCG).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QemuContainerdVmIT {

  private static final Duration BOOT = Duration.ofMinutes(5);

  private Path stateRoot;
  private Path dockerConfig;
  private QemuDriver driver;
  private final List<VmStatus> statuses = new CopyOnWriteArrayList<>();
  private VmStatus.Running running;

  @BeforeAll
  void bootTheVmWithContainerdAlone() throws Exception {
    var qemu =
        QemuDriver.findQemu(System.getenv(), GuestArch.ofHost(System.getProperty("os.arch")))
            .orElseGet(
                () ->
                    missing(
                        "QEMU (qemu-system-x86_64, qemu-img) is not installed; ./run-tests.sh installs it"));
    var guest =
        GuestImage.in(
            Path.of(
                System.getenv().getOrDefault("DROVER_GUEST_IMAGE", "../vm-bridge/target/guest")));
    guest.missing().ifPresent(this::missing);
    stateRoot = Files.createTempDirectory("drover-containerd-vm-it");
    dockerConfig = Files.createTempDirectory("drover-containerd-vm-it-docker");
    driver =
        new QemuDriver(
            qemu[0],
            qemu[1],
            guest,
            stateRoot,
            new DockerContextWriter(dockerConfig),
            new AcceleratorProbe(
                    qemu[0],
                    guest.arch(),
                    guest.kernel(),
                    System.getProperty("os.name"),
                    System.getProperty("os.arch"),
                    Duration.ofSeconds(10))
                .remembering(RunVerdicts.forThisRun()),
            BOOT);
    assertThat(driver.capabilities().engines()).contains(VmConfig.Engine.CONTAINERD);
    driver.configure(new VmConfig("drover-ctrd-it", 2, 1536, 2, VmConfig.Engine.CONTAINERD));
    driver.subscribe(
        new VmListener() {
          @Override
          public void status(VmStatus status) {
            statuses.add(status);
          }

          @Override
          public void notice(VmNotice notice) {}
        });
    driver.start();
    await("containerd in the VM")
        .atMost(BOOT.plusSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .failFast("the VM failed", () -> driver.status() instanceof VmStatus.Error)
        .until(() -> driver.status() instanceof VmStatus.Running);
    running = (VmStatus.Running) driver.status();
  }

  @AfterAll
  void deleteTheVm() throws Exception {
    if (driver != null) {
      driver.delete();
      driver.close();
    }
    for (var folder : new Path[] {stateRoot, dockerConfig}) {
      if (folder == null || !Files.exists(folder)) continue;
      try (var paths = Files.walk(folder)) {
        for (var path : paths.sorted(Comparator.reverseOrder()).toList())
          Files.deleteIfExists(path);
      }
    }
  }

  @Test
  @Order(1)
  void runningNamesContainerdAndNoDockerContextOrDockerPaneFollowsIt() throws Exception {
    assertThat(running.kind()).isEqualTo(VmConfig.Engine.CONTAINERD);
    assertThat(running.speaksDockerApi()).isFalse();
    assertThat(running.engine().host().getHost()).isEqualTo("127.0.0.1");
    assertThat(running.engine().tlsMaterial()).isPresent();
    assertThat(Files.exists(new DockerContextWriter(dockerConfig).metaFile("drover-ctrd-it")))
        .as("the Docker CLI cannot use containerd: no `drover` Docker context")
        .isFalse();
    var user = EngineEndpoint.of("default", URI.create("unix:///var/run/docker.sock"));
    var selection = new EngineSelection(() -> user, false);
    selection.status(running);
    assertThat(selection.get()).as("the Docker panes stay on the user's engine").isEqualTo(user);
    var snapshot =
        VmStatusSnapshot.of(
            "drover-ctrd-it",
            running,
            DriverKind.QEMU,
            ProcessHandle.current().pid(),
            Instant.now());
    assertThat(snapshot.engine()).isEqualTo(VmConfig.Engine.CONTAINERD);
    assertThat(snapshot.toStatus()).isEqualTo(running);
    assertThat(Files.readString(driver.consoleLog()))
        .contains("drover-guest: starting containerd")
        .doesNotContain("starting dockerd");
  }

  @Test
  @Order(2)
  void containerdAnswersOverMutualTlsWithItsVersionAndNamespaces() {
    try (ContainerdEngine containerd = ContainerdClients.open(running.engine())) {
      assertThat(containerd.version()).as("Debian bookworm's containerd").startsWith("1.");
      var namespaces = containerd.namespaces();
      for (var namespace : namespaces) {
        assertThat(containerd.containers(namespace))
            .as("a fresh VM runs no containers in " + namespace)
            .isEmpty();
      }
      assertThat(containerd.images("default")).isEmpty();
      assertThatThrownBy(
              () -> containerd.stop("default", "no-such-container", Duration.ofSeconds(1)))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("no-such-container");
    }
  }

  @Test
  @Order(3)
  void aContainerMadeWithCtrInTheVmsShellIsSeenStoppedStartedAndRemovedFromTheHost()
      throws Exception {
    var console = GuestConsole.in(driver.folder());
    var version = console.run("ctr version | grep -m1 Version", Duration.ofMinutes(1));
    assertThat(version.exitCode()).as(version.output()).isZero();
    // No registry from the VM: a root filesystem of the guest's own (static) busybox.
    var made =
        console.run(
            "mkdir -p /var/lib/drover-it/rootfs/bin && cp /bin/busybox /var/lib/drover-it/rootfs/bin/"
                + " && ctr -n default run -d --null-io --no-pivot --rootfs /var/lib/drover-it/rootfs drover-it-sleeper"
                + " /bin/busybox sleep 600",
            Duration.ofMinutes(2));
    assertThat(made.exitCode()).as(made.output()).isZero();
    var topics = new CopyOnWriteArrayList<String>();
    try (ContainerdEngine containerd = ContainerdClients.openInVm(running.engine());
        var events =
            containerd.subscribe(
                new ContainerdListener() {
                  @Override
                  public void changed(String namespace, String topic) {
                    topics.add(namespace + " " + topic);
                  }

                  @Override
                  public void disconnected(String reason) {}

                  @Override
                  public void connected() {}
                })) {
      assertThat(containerd.namespaces()).contains("default");
      await("the container runs")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  sleeper(containerd)
                      .map(c -> c.state() == ContainerdContainer.TaskState.RUNNING)
                      .orElse(false));
      assertThat(sleeper(containerd).orElseThrow().pid()).isPositive();

      containerd.stop("default", "drover-it-sleeper", Duration.ofSeconds(10));
      assertThat(sleeper(containerd).orElseThrow().state())
          .isEqualTo(ContainerdContainer.TaskState.STOPPED);
      await("the exit reaches the host's event stream")
          .atMost(Duration.ofSeconds(30))
          .until(() -> topics.contains("default /tasks/exit"));

      containerd.start("default", "drover-it-sleeper");
      await("it runs again")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  sleeper(containerd)
                      .map(c -> c.state() == ContainerdContainer.TaskState.RUNNING)
                      .orElse(false));
      assertThat(console.run("ctr -n default tasks ls", Duration.ofMinutes(1)).output())
          .as("the VM's own ctr sees what the host did")
          .contains("drover-it-sleeper")
          .contains("RUNNING");

      assertThatThrownBy(() -> containerd.remove("default", "drover-it-sleeper"))
          .as("a running container is not removed")
          .isInstanceOf(EngineException.class);
      containerd.stop("default", "drover-it-sleeper", Duration.ofSeconds(10));
      containerd.remove("default", "drover-it-sleeper");
      assertThat(sleeper(containerd)).isEmpty();
    }
  }

  private static Optional<ContainerdContainer> sleeper(ContainerdEngine containerd) {
    return containerd.containers("default").stream()
        .filter(c -> c.id().equals("drover-it-sleeper"))
        .findFirst();
  }

  @Test
  @Order(4)
  void clientWithoutTheCertificateIsRefused() throws Exception {
    var port = running.engine().host().getPort();
    // Trusting the VM's CA but showing no client certificate: containerd ends the connection
    // without an answer.
    var ca =
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                Files.newInputStream(
                    running.engine().tlsMaterial().orElseThrow().resolve("ca.pem")));
    var trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    var tls = SSLContext.getInstance("TLS");
    tls.init(null, trustManagers.getTrustManagers(), null);
    try (var socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket.setSSLParameters(alpnH2(socket));
      assertThatThrownBy(
              () -> {
                socket.startHandshake();
                var out = socket.getOutputStream();
                out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
                out.flush();
                if (socket.getInputStream().read() < 0)
                  throw new IOException("closed without an answer");
              })
          .as("no HTTP/2 answer without a client certificate")
          .isInstanceOf(IOException.class);
    }
    // Drover's own client never tries plain TCP.
    assertThatThrownBy(
            () ->
                ContainerdClients.open(
                        new EngineEndpoint(
                            "no-certificate",
                            running.engine().host(),
                            Optional.empty(),
                            false,
                            EngineEndpoint.Source.EXPLICIT))
                    .version())
        .isInstanceOf(EngineException.class);
  }

  @Test
  @Order(5)
  void stopPowersTheGuestDown() throws Exception {
    driver.stop(Duration.ofSeconds(90));
    assertThat(driver.status()).isInstanceOf(VmStatus.Stopped.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(statuses.stream().map(s -> s.getClass().getSimpleName()).toList())
                    .containsSubsequence("Stopped", "Starting", "Running", "Stopping", "Stopped"));
    assertThat(Files.readString(driver.consoleLog())).contains("drover-guest: powering off");
  }

  private static SSLParameters alpnH2(SSLSocket socket) {
    var parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"h2"});
    return parameters;
  }

  private <T> T missing(String what) {
    if (RealParts.inCi()) Assertions.fail(what);
    throw new TestAbortedException(what);
  }
}
