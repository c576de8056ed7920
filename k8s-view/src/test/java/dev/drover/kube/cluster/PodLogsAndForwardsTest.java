package dev.drover.kube.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.kube.cluster.forward.PortForwards;
import dev.drover.kube.cluster.logs.PodLogs;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod logs and port forwarding against the mock API server's expectations (CRUD cannot stream
 * these).
 */
class PodLogsAndForwardsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  static final String REQUEST = "GET / HTTP/1.0\r\n\r\n";

  @TempDir Path home;
  private MockCluster cluster;
  private ClusterConnection connection;

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
  }

  @AfterEach
  void stop() throws Exception {
    if (System.getProperty("showRequests") != null) {
      for (RecordedRequest r;
          (r = cluster.server.takeRequest(10, TimeUnit.MILLISECONDS)) != null; ) {
        System.out.println("REQ " + r.getMethod() + " " + r.getPath());
      }
    }
    connection.close();
    cluster.close();
  }

  @Test
  void logLinesArriveWithTheirTimestampsAndTheEndIsReported() {
    cluster
        .server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/shop/pods/web-1/log?pretty=false&container=app&tailLines=100&timestamps=true")
        .andReturn(
            200,
            "2026-11-27T10:00:00.000000001Z starting\n2026-11-27T10:00:01Z listening on :8080\n")
        .always();
    var lines = new CopyOnWriteArrayList<PodLogs.Line>();
    var end = new AtomicReference<String>();
    var ended = new CountDownLatch(1);
    new PodLogs(connection)
        .follow(
            new PodLogs.Request("shop", "web-1", "app", false, false, null, 100),
            new PodLogs.Sink() {
              @Override
              public void line(PodLogs.Line line) {
                lines.add(line);
              }

              @Override
              public void ended(String problemOrNull) {
                end.set(problemOrNull);
                ended.countDown();
              }
            });
    await().atMost(PATIENCE).until(() -> ended.getCount() == 0);
    assertThat(lines)
        .containsExactly(
            new PodLogs.Line(Instant.parse("2026-11-27T10:00:00.000000001Z"), "starting"),
            new PodLogs.Line(Instant.parse("2026-11-27T10:00:01Z"), "listening on :8080"));
    assertThat(end.get()).isNull();
  }

  @Test
  void aFollowedLogStreamsUntilTheServerEndsIt() {
    cluster
        .server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/shop/pods/web-1/log?pretty=false&container=app&tailLines=50&timestamps=true&follow=true")
        .andReturn(200, "2026-11-27T10:00:00Z one\n2026-11-27T10:00:01Z two\n")
        .always();
    var lines = new CopyOnWriteArrayList<String>();
    var ended = new CountDownLatch(1);
    new PodLogs(connection)
        .follow(
            new PodLogs.Request("shop", "web-1", "app", false, true, null, 50),
            new PodLogs.Sink() {
              @Override
              public void line(PodLogs.Line line) {
                lines.add(line.text());
              }

              @Override
              public void ended(String problemOrNull) {
                ended.countDown();
              }
            });
    await().atMost(PATIENCE).until(() -> ended.getCount() == 0);
    assertThat(lines).containsExactly("one", "two");
  }

  @Test
  void aLogThatCannotBeReadSaysWhy() {
    cluster
        .server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/shop/pods/web-1/log?pretty=false&container=app&previous=true&tailLines=10&timestamps=true")
        .andReturn(
            400,
            new StatusBuilder()
                .withCode(400)
                .withStatus("Failure")
                .withMessage("previous terminated container \"app\" in pod \"web-1\" not found")
                .build())
        .always();
    var end = new AtomicReference<String>();
    var ended = new CountDownLatch(1);
    new PodLogs(connection)
        .follow(
            new PodLogs.Request("shop", "web-1", "app", true, false, null, 10),
            new PodLogs.Sink() {
              @Override
              public void line(PodLogs.Line line) {}

              @Override
              public void ended(String problemOrNull) {
                end.set(problemOrNull);
                ended.countDown();
              }
            });
    await().atMost(PATIENCE).until(() -> ended.getCount() == 0);
    assertThat(end.get()).contains("previous terminated container");
  }

  @Test
  void portForwardCarriesBytesAndStops() throws Exception {
    expectPortForward("web-1", 8080, "HTTP/1.0 200 OK\r\n\r\nhello from web-1");
    try (var forwards = new PortForwards()) {
      var forward =
          forwards.start(
              connection,
              new PortForwards.Target(PortForwards.TargetKind.POD, "shop", "web-1"),
              8080,
              0);
      assertThat(forwards.active()).containsExactly(forward);
      assertThat(fetch(forward.localPort())).endsWith("hello from web-1");

      forwards.stop(forward);
      assertThat(forwards.active()).isEmpty();
      assertThatThrownBy(
              () -> new Socket(InetAddress.getLoopbackAddress(), forward.localPort()).close())
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void aClosedSubscriptionHearsOfNoMoreForwards() throws Exception {
    try (var forwards = new PortForwards()) {
      var kept = new CopyOnWriteArrayList<List<PortForwards.Forward>>();
      var dropped = new CopyOnWriteArrayList<List<PortForwards.Forward>>();
      forwards.subscribe(kept::add);
      forwards.subscribe(dropped::add).close();
      Consumer<List<PortForwards.Forward>> twice = kept::add;
      var first = forwards.subscribe(twice);
      forwards.subscribe(twice);
      first.close();
      first.close(); // closing again ends no other subscription

      var forward =
          forwards.start(
              connection,
              new PortForwards.Target(PortForwards.TargetKind.POD, "shop", "web-1"),
              8080,
              0);

      assertThat(kept).containsExactly(List.of(forward), List.of(forward));
      assertThat(dropped).isEmpty();
    }
  }

  @Test
  void aForwardOutlivesItsReleasedConnectionWhichClosesWithTheLastForward() throws Exception {
    expectPortForward("web-1", 8080, "HTTP/1.0 200 OK\r\n\r\nhello from web-1");
    try (var forwards = new PortForwards()) {
      var forward =
          forwards.start(
              connection,
              new PortForwards.Target(PortForwards.TargetKind.POD, "shop", "web-1"),
              8080,
              0);

      forwards.release(connection); // the window went to another context
      assertThat(connection.client().getHttpClient().isClosed())
          .as("kept open for the forward")
          .isFalse();
      assertThat(fetch(forward.localPort())).endsWith("hello from web-1");
      assertThat(forward.describe()).endsWith(" in " + connection.contextName());

      forwards.stop(forward);
      assertThat(connection.client().getHttpClient().isClosed())
          .as("closed with its last forward")
          .isTrue();
    }
  }

  @Test
  void aReleasedConnectionWithoutForwardsClosesAtOnce() {
    try (var forwards = new PortForwards()) {
      forwards.release(connection);
      assertThat(connection.client().getHttpClient().isClosed()).isTrue();
    }
  }

  @Test
  void forwardFollowsAReplacementPodWithTheSameLabels() throws Exception {
    expectPortForward("web-1", 8080, "HTTP/1.0 200 OK\r\n\r\nhello from web-1");
    expectPortForward("web-2", 8080, "HTTP/1.0 200 OK\r\n\r\nhello from web-2");
    try (var forwards = new PortForwards()) {
      var forward =
          forwards.start(
              connection,
              new PortForwards.Target(PortForwards.TargetKind.POD, "shop", "web-1"),
              8080,
              0);
      assertThat(fetch(forward.localPort())).endsWith("hello from web-1");

      cluster.client.pods().inNamespace("shop").withName("web-1").delete();
      cluster
          .client
          .pods()
          .inNamespace("shop")
          .resource(MockCluster.pod("shop", "web-2", "Running", Map.of("app", "web")))
          .create();
      await()
          .atMost(PATIENCE)
          .until(() -> cluster.client.pods().inNamespace("shop").withName("web-1").get() == null);

      assertThat(fetch(forward.localPort())).endsWith("hello from web-2");
      assertThat(forward.lastPod()).isEqualTo("web-2");
    }
  }

  @Test
  void serviceForwardReachesAPodBehindTheSelector() throws Exception {
    cluster
        .client
        .services()
        .inNamespace("shop")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", "web")
                .addNewPort()
                .withPort(80)
                .withNewTargetPort(8080)
                .endPort()
                .endSpec()
                .build())
        .create();
    expectPortForward("web-1", 8080, "HTTP/1.0 200 OK\r\n\r\nhello via service");
    try (var forwards = new PortForwards()) {
      var forward =
          forwards.start(
              connection,
              new PortForwards.Target(PortForwards.TargetKind.SERVICE, "shop", "web"),
              80,
              0);
      assertThat(fetch(forward.localPort())).endsWith("hello via service");
    }
  }

  @Test
  void aTakenLocalPortIsRefusedInWords() throws Exception {
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        var forwards = new PortForwards()) {
      assertThatThrownBy(
              () ->
                  forwards.start(
                      connection,
                      new PortForwards.Target(PortForwards.TargetKind.POD, "shop", "web-1"),
                      8080,
                      taken.getLocalPort()))
          .hasMessageContaining("already used by another program");
    }
  }

  /**
   * The kubelet's side of the port-forward protocol: the port on both channels, then the data on
   * channel 0.
   */
  private void expectPortForward(String pod, int port, String reply) {
    cluster.serveSocket(
        "/api/v1/namespaces/shop/pods/" + pod + "/portforward?ports=" + port,
        new KubeletSocket()
            .sendsOnOpen(KubeletSocket.portFrame(0, port), KubeletSocket.portFrame(1, port))
            .answers("\u0000" + REQUEST, KubeletSocket.frame(0, reply)));
  }

  static String fetch(int localPort) throws Exception {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), localPort)) {
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
      var received = new ByteArrayOutputStream();
      var buffer = new byte[4096];
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline) {
        int n;
        try {
          n = socket.getInputStream().read(buffer);
        } catch (SocketTimeoutException e) {
          break;
        }
        if (n < 0) break;
        received.write(buffer, 0, n);
        if (received.toString(StandardCharsets.UTF_8).contains("hello")) break;
      }
      return received.toString(StandardCharsets.UTF_8);
    }
  }
}
