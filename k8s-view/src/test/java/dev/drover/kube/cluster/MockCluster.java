package dev.drover.kube.cluster;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fabric8's mock API server in CRUD mode (objects created through it are stored, listed, watched,
 * patched and deleted), with expectations for what CRUD cannot do (logs, port-forward), and a
 * kubeconfig that points at it. Shared with the app's tests through this module's test jar.
 */
public final class MockCluster implements AutoCloseable {

  public final KubernetesMockServer server;
  public final KubernetesClient client;

  /** The kubelet streams served, by GET path (with its query). */
  private final Map<String, KubeletSocket> sockets = new ConcurrentHashMap<>();

  public MockCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    var crud = new KubernetesMixedDispatcher(responses);
    var dispatcher =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            var socket = "GET".equals(request.getMethod()) ? sockets.get(request.getPath()) : null;
            return socket == null
                ? crud.dispatch(request)
                : new MockResponse().withWebSocketUpgrade(socket.newListener());
          }

          @Override
          public void shutdown() {
            crud.shutdown();
          }

          @Override
          public void releaseResources() {
            crud.releaseResources();
          }
        };
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    server.init();
    client = server.createClient();
  }

  /** Serves {@code path}'s exec or port-forward stream (every connection) by {@code script}. */
  public void serveSocket(String path, KubeletSocket script) {
    sockets.put(path, script);
  }

  /** The API server's address, without a trailing slash. */
  public String url() {
    return server.url("/").replaceAll("/$", "");
  }

  /** A kubeconfig with the contexts "mock" (current, namespace "shop"), "refused" and "nowhere". */
  Path kubeconfig(Path folder) throws IOException {
    var file = folder.resolve("config");
    Files.writeString(
        file,
        """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                - name: mock
                  cluster:
                    server: %s
                - name: refused
                  cluster:
                    server: http://127.0.0.1:1
                - name: nowhere
                  cluster:
                    server: https://drover-no-such-host.invalid:6443
                users:
                - name: tester
                  user:
                    token: secret-token
                contexts:
                - name: mock
                  context: {cluster: mock, user: tester, namespace: shop}
                - name: refused
                  context: {cluster: refused, user: tester}
                - name: nowhere
                  context: {cluster: nowhere, user: tester}
                """
            .formatted(url()));
    return file;
  }

  static Pod pod(String namespace, String name, String phase, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withContainers(
            new ContainerBuilder()
                .withName("app")
                .withImage("shop/web:1")
                .withPorts(new ContainerPortBuilder().withContainerPort(8080).build())
                .build())
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("app")
                .withReady("Running".equals(phase))
                .withRestartCount(0)
                .build())
        .endStatus()
        .build();
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException slowToClose) {
      // Vert.x waits for watch connections the informers have just let go; the port is freed
      // regardless.
    }
  }
}
