package dev.drover.tests.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import dev.drover.engine.containerd.ContainerdClients;
import dev.drover.engine.containerd.ContainerdContainer;
import dev.drover.engine.containerd.ContainerdContainer.TaskState;
import dev.drover.engine.containerd.ContainerdEngine;
import dev.drover.engine.containerd.ContainerdImage;
import dev.drover.engine.containerd.ContainerdListener;
import dev.drover.tests.support.TestContainerd;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drover's containerd client against a real, private containerd (Debian's 1.6, what the VM runs in
 * containerd mode), over its unix socket and over mutual-TLS TCP with the certificates Drover's VM
 * code makes. One containerd serves the class; the test that kills and restarts it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerdClientIT {

  private static final String NAMESPACE = "default";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static TestContainerd containerd;
  private static String image;
  private static ContainerdEngine engine;

  @BeforeAll
  static void startContainerd() throws Exception {
    containerd = TestContainerd.start();
    image = containerd.importBusybox(NAMESPACE);
    engine = ContainerdClients.open(containerd.unixEndpoint());
  }

  @AfterAll
  static void stopContainerd() {
    if (engine != null) engine.close();
    if (containerd != null) containerd.close();
  }

  @Test
  @Order(1)
  void versionAnswersOverTheSocketAndOverMutualTls() {
    try (var overTls = ContainerdClients.open(containerd.tlsEndpoint())) {
      assertThat(engine.version()).startsWith("1.").isEqualTo(overTls.version());
      printLatencies(overTls);
    }
  }

  @Test
  @Order(2)
  void tlsClientWithoutItsCertificateIsRefusedInCertificateWords(@TempDir Path onlyTheCa)
      throws Exception {
    Files.copy(containerd.clientCertificates().resolve("ca.pem"), onlyTheCa.resolve("ca.pem"));
    try (var withoutCertificate = ContainerdClients.open(containerd.tlsEndpoint(onlyTheCa))) {
      assertThatThrownBy(withoutCertificate::version)
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("certificate")
          .hasMessageContaining(onlyTheCa.toString());
    }
  }

  @Test
  @Order(3)
  void plainTcpIsRefusedBeforeAnythingIsSent() {
    var plain = EngineEndpoint.of("plain", URI.create("tcp://127.0.0.1:" + containerd.tcpPort()));
    assertThatThrownBy(() -> ContainerdClients.open(plain))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("mutual TLS");
  }

  @Test
  @Order(4)
  void namespacesListEveryNamespaceThatHoldsSomething() throws Exception {
    containerd.ctr("drover-it-other", "namespaces", "create", "drover-it-other");
    assertThat(engine.namespaces()).contains(NAMESPACE, "drover-it-other").isSorted();
    assertThat(engine.containers("drover-it-other")).isEmpty();
  }

  @Test
  @Order(5)
  void runningContainerStopsWithExitStatusAndExitEventThenStartsAgainThenIsRemovedWithItsSnapshot()
      throws Exception {
    var id = "drover-it-life";
    containerd.run(NAMESPACE, image, id, "sleep", "600");
    var events = new RecordingListener();
    try (var ignored = engine.subscribe(events)) {
      await().atMost(PATIENCE).until(() -> events.connected.get() > 0);

      var running = find(engine.containers(NAMESPACE), id);
      assertThat(running.state()).isEqualTo(TaskState.RUNNING);
      assertThat(running.pid()).isPositive();
      assertThat(running.image()).isEqualTo(image);
      assertThat(running.runtime()).isEqualTo("io.containerd.runc.v2");

      // sleep is PID 1 in its container and ignores SIGTERM, so this also proves the SIGKILL after
      // the grace
      engine.stop(NAMESPACE, id, Duration.ofSeconds(1));
      var stopped = find(engine.containers(NAMESPACE), id);
      assertThat(stopped.state()).isEqualTo(TaskState.STOPPED);
      assertThat(stopped.exitStatus()).contains(137);
      assertThat(stopped.pid()).isZero();
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(events.changes).contains(NAMESPACE + " /tasks/exit"));

      engine.start(NAMESPACE, id);
      var again = find(engine.containers(NAMESPACE), id);
      assertThat(again.state()).isEqualTo(TaskState.RUNNING);
      assertThat(again.pid()).isPositive().isNotEqualTo(running.pid());
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(events.changes).contains(NAMESPACE + " /tasks/start"));

      assertThatThrownBy(() -> engine.remove(NAMESPACE, id))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("Stop it first");

      engine.stop(NAMESPACE, id, Duration.ofSeconds(1));
      engine.remove(NAMESPACE, id);
      assertThat(engine.containers(NAMESPACE))
          .extracting(ContainerdContainer::id)
          .doesNotContain(id);
      assertThat(containerd.ctr(NAMESPACE, "snapshots", "ls")).doesNotContain(id);
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> assertThat(events.changes).contains(NAMESPACE + " /containers/delete"));
    }
  }

  @Test
  @Order(6)
  void containerWithoutTaskIsListedAsCreatedAndStartsFromNothing() throws Exception {
    var id = "drover-it-created";
    containerd.ctr(NAMESPACE, "containers", "create", image, id, "sleep", "600");
    try {
      assertThat(find(engine.containers(NAMESPACE), id).state()).isEqualTo(TaskState.CREATED);
      engine.start(NAMESPACE, id);
      assertThat(find(engine.containers(NAMESPACE), id).state()).isEqualTo(TaskState.RUNNING);
    } finally {
      engine.stop(NAMESPACE, id, Duration.ofSeconds(1));
      engine.remove(NAMESPACE, id);
    }
  }

  @Test
  @Order(7)
  void importedImageIsListedWithItsSizeAndRemovingItRemovesIt() throws Exception {
    var namespace = "drover-it-images";
    var name = containerd.importBusybox(namespace);
    var images = engine.images(namespace);
    assertThat(images).extracting(ContainerdImage::name).containsExactly(name);
    var busybox = images.getFirst();
    assertThat(busybox.digest()).startsWith("sha256:");
    // the layer holds busybox-static, about 2 MB: more than any manifest
    assertThat(busybox.size()).isGreaterThan(500_000);
    assertThat(busybox.namespace()).isEqualTo(namespace);

    engine.removeImage(namespace, name);
    assertThat(engine.images(namespace)).isEmpty();
  }

  @Test
  @Order(8)
  void unknownContainerOrImageGivesAClearMessage() {
    assertThatThrownBy(() -> engine.stop(NAMESPACE, "no-such-container", Duration.ofSeconds(1)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(
            "stopping container no-such-container (namespace default) failed: not found");
    assertThatThrownBy(() -> engine.start(NAMESPACE, "no-such-container"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> engine.remove(NAMESPACE, "no-such-container"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> engine.removeImage(NAMESPACE, "docker.io/library/no-such:image"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("not found");
  }

  @Test
  @Order(9)
  void absentSocketSaysContainerdDoesNotAnswer(@TempDir Path nowhere) {
    var absent =
        EngineEndpoint.of("absent", URI.create("unix://" + nowhere.resolve("containerd.sock")));
    try (var unreachable = ContainerdClients.open(absent)) {
      assertThatThrownBy(unreachable::version)
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("does not answer")
          .hasMessageContaining("Is the VM running?");
    }
  }

  @Test
  @Order(100)
  void eventStreamTellsWhenContainerdGoesAwayAndWhenItIsBack() throws Exception {
    var events = new RecordingListener();
    try (var ignored = engine.subscribe(events)) {
      await().atMost(PATIENCE).until(() -> events.connected.get() == 1);
      containerd.kill();
      await().atMost(PATIENCE).until(() -> events.disconnected.size() == 1);
      assertThatThrownBy(engine::version)
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("does not answer");

      containerd.restart();
      await().atMost(PATIENCE).until(() -> events.connected.get() == 2);
      assertThat(events.disconnected).hasSize(1);
      assertThat(engine.version()).startsWith("1.");

      // and the re-opened stream delivers
      containerd.ctr(NAMESPACE, "containers", "create", image, "drover-it-after-restart", "true");
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> assertThat(events.changes).contains(NAMESPACE + " /containers/create"));
      engine.remove(NAMESPACE, "drover-it-after-restart");
    }
  }

  /** Not a benchmark: a note in the test output of what a call costs, for the report. */
  private static void printLatencies(ContainerdEngine overTls) {
    var rounds = 50;
    System.out.printf(
        "containerd call latency, median of %d (ms): version unix %.2f, tls %.2f; containers unix %.2f, tls %.2f%n",
        rounds,
        median(rounds, () -> time(engine::version)),
        median(rounds, () -> time(overTls::version)),
        median(rounds, () -> time(() -> engine.containers(NAMESPACE))),
        median(rounds, () -> time(() -> overTls.containers(NAMESPACE))));
  }

  private static long time(Runnable call) {
    var start = System.nanoTime();
    call.run();
    return System.nanoTime() - start;
  }

  private static double median(int rounds, LongSupplier nanos) {
    var samples = new long[rounds];
    for (int i = 0; i < rounds; i++) samples[i] = nanos.getAsLong();
    Arrays.sort(samples);
    return samples[rounds / 2] / 1e6;
  }

  private static ContainerdContainer find(List<ContainerdContainer> containers, String id) {
    return containers.stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " is not listed: " + containers));
  }

  private static final class RecordingListener implements ContainerdListener {
    final List<String> changes = new CopyOnWriteArrayList<>();
    final List<String> disconnected = new CopyOnWriteArrayList<>();
    final AtomicInteger connected = new AtomicInteger();

    @Override
    public void changed(String namespace, String topic) {
      changes.add(namespace + " " + topic);
    }

    @Override
    public void disconnected(String reason) {
      disconnected.add(reason);
    }

    @Override
    public void connected() {
      connected.incrementAndGet();
    }
  }
}
