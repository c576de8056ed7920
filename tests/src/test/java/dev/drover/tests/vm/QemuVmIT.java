package dev.drover.tests.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestImages;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.SharedFolder;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import dev.drover.vm.qemu.AcceleratorProbe;
import dev.drover.vm.qemu.GuestImage;
import dev.drover.vm.qemu.QemuDriver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
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
 * Boots the real guest under QEMU (TCG here: this machine's KVM hangs) once, checks the engine
 * through it, then kills QEMU and boots a second time. Two boots in all, each 20–60 s under
 * emulation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QemuVmIT {

  private static final Duration BOOT = Duration.ofMinutes(5);

  private Path stateRoot;
  private Path dockerConfig;
  private QemuDriver driver;
  private final List<VmStatus> statuses = new CopyOnWriteArrayList<>();
  private final List<VmNotice> notices = new CopyOnWriteArrayList<>();
  private EngineEndpoint endpoint;
  private DockerClient docker;
  private String image;
  private Path sharedFolder;
  private Path readOnlyFolder;

  @BeforeAll
  void bootTheVm() throws Exception {
    var qemu =
        QemuDriver.findQemu(System.getenv())
            .orElseGet(
                () ->
                    missing(
                        "QEMU (qemu-system-x86_64, qemu-img) is not installed; ./run-tests.sh installs it"));
    var imageFolder =
        Path.of(System.getenv().getOrDefault("DROVER_GUEST_IMAGE", "../vm-bridge/target/guest"));
    var guest = GuestImage.in(imageFolder);
    guest.missing().ifPresent(this::missing);
    stateRoot = Files.createTempDirectory("drover-vm-it");
    dockerConfig = Files.createTempDirectory("drover-vm-it-docker");
    driver =
        new QemuDriver(
            qemu[0],
            qemu[1],
            guest,
            stateRoot,
            new DockerContextWriter(dockerConfig),
            new AcceleratorProbe(
                qemu[0], guest.kernel(), System.getProperty("os.name"), Duration.ofSeconds(10)),
            BOOT);
    // For the host-folder tests (@Order 100–199): a temporary folder shared read-write and one
    // shared read-only, each mounted in the guest at its host path.
    sharedFolder = Files.createTempDirectory("drover-vm-it-shared");
    readOnlyFolder = Files.createTempDirectory("drover-vm-it-shared-ro");
    driver.configure(
        new VmConfig(
            "drover-it",
            2,
            2048,
            4,
            VmConfig.Engine.MOBY,
            List.of(new SharedFolder(sharedFolder, false), new SharedFolder(readOnlyFolder, true))));
    driver.subscribe(
        new VmListener() {
          @Override
          public void status(VmStatus status) {
            statuses.add(status);
          }

          @Override
          public void notice(VmNotice notice) {
            notices.add(notice);
          }
        });
    var before = Instant.now();
    driver.start();
    assertThat(driver.status())
        .as("start() returns while the guest boots")
        .isInstanceOf(VmStatus.Starting.class);
    assertThat(Duration.between(before, Instant.now()))
        .as("start() returns once boot has begun")
        .isLessThan(Duration.ofSeconds(30));
    endpoint = awaitRunning();
    docker = DockerClients.open(endpoint, Duration.ofSeconds(60));
    image = TestImages.busybox(docker);
  }

  @AfterAll
  void deleteTheVm() throws Exception {
    if (docker != null) docker.close();
    if (driver != null) {
      driver.delete();
      driver.close();
    }
    for (var folder : new Path[] {stateRoot, dockerConfig, sharedFolder, readOnlyFolder}) {
      if (folder == null || !Files.exists(folder)) continue;
      try (var paths = Files.walk(folder)) {
        for (var path : paths.sorted(Comparator.reverseOrder()).toList())
          Files.deleteIfExists(path);
      }
    }
  }

  @Test
  @Order(1)
  void startingReportsStartingThenRunningAndWritesTheDroverContextWithoutSelectingIt()
      throws Exception {
    var kinds = statuses.stream().map(s -> s.getClass().getSimpleName()).distinct().toList();
    assertThat(kinds).containsSubsequence("Stopped", "Starting", "Running");
    var meta = Files.readString(new DockerContextWriter(dockerConfig).metaFile("drover-it"));
    assertThat(meta).contains("\"Host\":\"" + endpoint.host() + "\"");
    assertThat(Files.exists(dockerConfig.resolve("config.json")))
        .as("the current context stays as it was")
        .isFalse();
    var tls = driver.certificates().clientFolder();
    assertThat(Files.getPosixFilePermissions(tls))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(tls.resolve("key.pem")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  @Order(2)
  void appsEngineClientListsContainersOverMutualTls() throws Exception {
    assertThat(endpoint.host().getScheme()).isEqualTo("tcp");
    assertThat(endpoint.host().getHost()).isEqualTo("127.0.0.1");
    assertThat(endpoint.tlsMaterial()).isPresent();
    try (var clients = new EngineClients(() -> endpoint)) {
      var name = "drover-it-listed-" + UUID.randomUUID().toString().substring(0, 8);
      var id =
          clients
              .requests()
              .createContainerCmd(image)
              .withName(name)
              .withCmd("true")
              .exec()
              .getId();
      var listed = clients.requests().listContainersCmd().withShowAll(true).exec();
      assertThat(listed).anySatisfy(c -> assertThat(c.getId()).isEqualTo(id));
      clients.requests().removeContainerCmd(id).exec();
    }
  }

  @Test
  @Order(3)
  void clientWithoutTheCertificateIsRefused() throws Exception {
    var port = endpoint.host().getPort();
    try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      var plain =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_ping"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(plain.statusCode()).as("plain HTTP gets no engine answer").isEqualTo(400);
      assertThat(plain.body()).doesNotContain("OK");
    }
    // TLS trusting the VM's CA, but without a client certificate: the engine must not answer.
    var ca =
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                Files.newInputStream(driver.certificates().clientFolder().resolve("ca.pem")));
    var trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    var tls = SSLContext.getInstance("TLS");
    tls.init(null, trustManagers.getTrustManagers(), null);
    try (var https =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build()) {
      assertThatThrownBy(
              () ->
                  https.send(
                      HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/_ping"))
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
    try (var anonymous =
        DockerClients.open(
            EngineEndpoint.of("no-certificate", endpoint.host()), Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> anonymous.listContainersCmd().exec())
          .isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  @Order(4)
  void publishedPortAppearsOnHostLoopbackAndGoesAwayWhenTheContainerStops() throws Exception {
    var port = freeHostPort();
    var name = "drover-it-web-" + UUID.randomUUID().toString().substring(0, 8);
    var id =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withCmd("httpd", "-f", "-p", "80", "-h", "/")
            .withExposedPorts(ExposedPort.tcp(80))
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(port), ExposedPort.tcp(80))))
            .exec()
            .getId();
    try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      var requested = System.nanoTime();
      docker.startContainerCmd(id).exec();
      var started =
          System.nanoTime(); // the engine answers the start request once the container runs
      await("port " + port + " on the host")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> get(http, port).contains("root:x:0:0"));
      var afterStart = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf(
          "published port reachable on the host %d ms after the container started (%d ms after the start request)%n",
          afterStart.toMillis(), Duration.ofNanos(System.nanoTime() - requested).toMillis());
      // about a second is the goal; the bound is generous for an emulated VM on a loaded 2-core
      // machine
      assertThat(afterStart).isLessThan(Duration.ofSeconds(5));
      // the notice leaves on the driver's event thread, which may come after the forward already
      // answers
      await("the forward's notice")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(notices)
                      .anySatisfy(
                          n -> {
                            assertThat(n.kind()).isEqualTo(VmNotice.Kind.PORT_FORWARDED);
                            assertThat(n.message()).contains(Integer.toString(port));
                          }));
      docker.stopContainerCmd(id).withTimeout(1).exec();
      await("port " + port + " released")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  notices.stream()
                      .anyMatch(
                          n ->
                              n.kind() == VmNotice.Kind.PORT_UNFORWARDED
                                  && n.message().contains(Integer.toString(port))));
      try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).as("the host port is free again").isEqualTo(port);
      }
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  @Test
  @Order(5)
  void publishedPortTheHostAlreadyUsesIsReported() throws Exception {
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var port = taken.getLocalPort();
      var id =
          docker
              .createContainerCmd(image)
              .withName("drover-it-taken-" + UUID.randomUUID().toString().substring(0, 8))
              .withCmd("httpd", "-f", "-p", "80", "-h", "/")
              .withExposedPorts(ExposedPort.tcp(80))
              .withHostConfig(
                  HostConfig.newHostConfig()
                      .withPortBindings(
                          new PortBinding(Ports.Binding.bindPort(port), ExposedPort.tcp(80))))
              .exec()
              .getId();
      try {
        docker.startContainerCmd(id).exec();
        await("conflict notice")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    notices.stream()
                        .anyMatch(
                            n ->
                                n.kind() == VmNotice.Kind.PORT_CONFLICT
                                    && n.message().contains("port " + port + "/tcp")));
        assertThat(notices)
            .filteredOn(n -> n.kind() == VmNotice.Kind.PORT_CONFLICT)
            .anySatisfy(n -> assertThat(n.message()).contains("already used on this computer"));
      } finally {
        docker.removeContainerCmd(id).withForce(true).exec();
      }
    }
  }

  @Test
  @Order(6)
  void guestClockIsResyncedWhenItFallsBehind() throws Exception {
    // What a host sleep does to the guest: its clock stops while the host's runs on.
    run(true, List.of(), "date", "-s", "2020-01-01 00:00:00");
    await("clock re-sync notice")
        .atMost(Duration.ofSeconds(60))
        .until(() -> notices.stream().anyMatch(n -> n.kind() == VmNotice.Kind.CLOCK_SYNCED));
    var guestNow = Long.parseLong(run(false, List.of(), "date", "+%s").strip());
    assertThat(Math.abs(guestNow - Instant.now().getEpochSecond()))
        .as("guest clock vs host clock, seconds")
        .isLessThan(10);
  }

  @Test
  @Order(7)
  void guestNamesResolveThroughTheHostsResolverAndFollowItWhenItChanges() throws Exception {
    assertThat(run(false, List.of(), "cat", "/etc/resolv.conf")).contains("nameserver 10.0.2.3");
    // QEMU answers the guest's 10.0.2.3 with whatever the host's /etc/resolv.conf names: point it
    // at one small
    // name server, then at another (what joining another network does), and the guest follows each
    // time.
    var resolvConf = Path.of("/etc/resolv.conf");
    if (!Files.isWritable(resolvConf))
      missing(
          "this test changes the host's name server and must run as root (./run-tests.sh does)");
    var original = Files.readAllBytes(resolvConf);
    try (var first = new OneAnswerNameServer("127.0.0.1", new byte[] {(byte) 192, 0, 2, 7});
        var second = new OneAnswerNameServer("127.0.0.2", new byte[] {(byte) 192, 0, 2, 8})) {
      // Written in place: in a container /etc/resolv.conf is a bind mount that cannot be replaced.
      Files.write(
          resolvConf,
          "nameserver 127.0.0.1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      await("the guest resolves through the first name server")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> guestLookup("drover-dns-check.test"), answer -> answer.contains("192.0.2.7"));
      Thread.sleep(
          1100); // the host's change must differ in its modification second, which QEMU compares
      Files.write(
          resolvConf,
          "nameserver 127.0.0.2\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      await("the guest follows the host to the second name server")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> guestLookup("drover-dns-check.test"), answer -> answer.contains("192.0.2.8"));
      assertThat(second.answered()).as("queries the second server answered").isPositive();
    } finally {
      Files.write(resolvConf, original);
    }
  }

  private String guestLookup(String name) {
    try {
      return run(false, List.of(), "sh", "-c", "nslookup " + name + " 10.0.2.3 || true");
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  @Order(900)
  void anEngineThatDiesTurnsTheVmDegradedAndTheGuestStartsItAgain() throws Exception {
    // A privileged container in the guest's PID namespace kills dockerd a moment after it started.
    var killer =
        docker
            .createContainerCmd(image)
            .withCmd("sh", "-c", "sleep 1; kill -9 $(pidof dockerd)")
            .withHostConfig(HostConfig.newHostConfig().withPrivileged(true).withPidMode("host"))
            .exec()
            .getId();
    docker.startContainerCmd(killer).exec();

    await("Degraded once the engine is gone")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> driver.status() instanceof VmStatus.Degraded);
    var degraded = driver.status();
    assertThat(degraded.processRuns()).as("Degraded implies the VM still runs").isTrue();
    assertThat(((VmStatus.Degraded) degraded).reason()).contains("engine stopped answering");
    var pid = Long.parseLong(Files.readString(driver.folder().resolve("qemu.pid")).strip());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("QEMU").contains(true);

    assertThat(awaitRunning())
        .as("the same endpoint once the guest restarted dockerd")
        .isEqualTo(endpoint);
    assertThat(docker.pingCmd().exec()).isNull(); // answers again, through the same client
    assertThat(Files.readString(driver.consoleLog())).contains("dockerd exited; starting it again");
    docker.removeContainerCmd(killer).withForce(true).exec();
  }

  @Test
  @Order(910)
  void killedQemuTurnsToErrorWithConsoleLinesAndANewStartRecoversWithTheVolumeData()
      throws Exception {
    var volume = "drover-it-data-" + UUID.randomUUID().toString().substring(0, 8);
    var secret = "kept across restarts " + UUID.randomUUID();
    docker.createVolumeCmd().withName(volume).exec();
    run(
        false,
        List.of(new Bind(volume, new Volume("/data"))),
        "sh",
        "-c",
        "echo '" + secret + "' > /data/file && sync");

    var pid = Long.parseLong(Files.readString(driver.folder().resolve("qemu.pid")).strip());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
    await("Error after kill -9")
        .atMost(Duration.ofSeconds(30))
        .until(() -> driver.status() instanceof VmStatus.Error);
    var error = (VmStatus.Error) driver.status();
    assertThat(error.reason()).contains("killed (signal 9)");
    assertThat(error.consoleTail())
        .as("the console's last lines")
        .isNotEmpty()
        .anySatisfy(line -> assertThat(line).contains("drover-guest:"));

    docker.close();
    driver.start();
    endpoint = awaitRunning();
    docker = DockerClients.open(endpoint, Duration.ofSeconds(60));
    assertThat(
            run(false, List.of(new Bind(volume, new Volume("/data"))), "cat", "/data/file").strip())
        .isEqualTo(secret);
    // A container removed just before the kill may come back: its removal had not reached the disk.
    for (var container :
        docker.listContainersCmd().withShowAll(true).withVolumeFilter(List.of(volume)).exec()) {
      docker.removeContainerCmd(container.getId()).withForce(true).exec();
    }
    docker.removeVolumeCmd(volume).exec();
  }

  @Test
  @Order(920)
  void stopPowersTheGuestDownThroughAcpi() throws Exception {
    var started = System.nanoTime();
    driver.stop(Duration.ofSeconds(90));
    assertThat(driver.status()).isInstanceOf(VmStatus.Stopped.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("the guest powered down before the grace period ended")
        .isLessThan(Duration.ofSeconds(90));
    assertThat(Files.readString(driver.consoleLog())).contains("drover-guest: powering off");
  }

  private EngineEndpoint awaitRunning() {
    await("the VM's engine")
        .atMost(BOOT.plusSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .failFast("the VM failed", () -> driver.status() instanceof VmStatus.Error)
        .until(() -> driver.status() instanceof VmStatus.Running);
    return ((VmStatus.Running) driver.status()).engine();
  }

  /** Runs a throw-away container to its end and returns its output. */
  private String run(boolean privileged, List<Bind> binds, String... command) throws Exception {
    var id =
        docker
            .createContainerCmd(image)
            .withCmd(command)
            .withHostConfig(HostConfig.newHostConfig().withPrivileged(privileged).withBinds(binds))
            .exec()
            .getId();
    try {
      docker.startContainerCmd(id).exec();
      var exit = docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
      var output = new StringBuilder();
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  output.append(new String(frame.getPayload()));
                }
              })
          .awaitCompletion(30, TimeUnit.SECONDS);
      assertThat(exit).as("exit code of " + String.join(" ", command) + ": " + output).isZero();
      return output.toString();
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  private static String get(HttpClient http, int port) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/etc/passwd"))
                .timeout(Duration.ofSeconds(3))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int freeHostPort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private <T> T missing(String what) {
    if (RealParts.inCi()) Assertions.fail(what);
    throw new TestAbortedException(what);
  }

  /**
   * A name server on {@code address}:53 (UDP) that answers every A query with {@code answer} and
   * any other query with no records: enough for the guest's nslookup.
   */
  private static final class OneAnswerNameServer implements AutoCloseable {
    private final java.net.DatagramSocket socket;
    private final byte[] answer;
    private final java.util.concurrent.atomic.AtomicInteger answered =
        new java.util.concurrent.atomic.AtomicInteger();
    private final Thread thread;

    OneAnswerNameServer(String address, byte[] answer) throws IOException {
      this.socket =
          new java.net.DatagramSocket(
              new java.net.InetSocketAddress(InetAddress.getByName(address), 53));
      this.answer = answer;
      this.thread = Thread.ofVirtual().name("name-server-" + address).start(this::serve);
    }

    int answered() {
      return answered.get();
    }

    private void serve() {
      var buffer = new byte[512];
      while (!socket.isClosed()) {
        var packet = new java.net.DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
          var reply = reply(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
          socket.send(new java.net.DatagramPacket(reply, reply.length, packet.getSocketAddress()));
          answered.incrementAndGet();
        } catch (IOException | RuntimeException e) {
          if (socket.isClosed()) return;
        }
      }
    }

    private byte[] reply(byte[] query) {
      int end = 12;
      while (query[end] != 0) end += (query[end] & 0xff) + 1; // the question's name, label by label
      end += 5; // its terminating zero, type and class
      int type = ((query[end - 4] & 0xff) << 8) | (query[end - 3] & 0xff);
      var out = new java.io.ByteArrayOutputStream();
      out.write(query, 0, 2); // the query's id
      out.writeBytes(
          new byte[] {(byte) 0x81, (byte) 0x80, 0, 1, 0, (byte) (type == 1 ? 1 : 0), 0, 0, 0, 0});
      out.write(query, 12, end - 12);
      if (type == 1) {
        out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4});
        out.writeBytes(answer);
      }
      return out.toByteArray();
    }

    @Override
    public void close() throws InterruptedException {
      socket.close();
      thread.join(Duration.ofSeconds(5));
    }
  }
}
