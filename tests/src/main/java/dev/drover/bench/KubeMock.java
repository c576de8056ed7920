package dev.drover.bench;

import dev.drover.kube.cluster.exec.PodShells;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Kubernetes API server for the window tests and the benchmark: Fabric8's mock server in CRUD
 * mode (objects are stored, listed, watched, patched and deleted), with expectations for what CRUD
 * cannot do (logs, port-forward, a shell). The WebSocket ones are served by listeners of this class
 * in front of the mock's dispatcher: the mock's public API can neither emit a binary frame from an
 * expectation nor key a hand-made response by request.
 */
public final class KubeMock implements AutoCloseable {

  /**
   * Held so the setting sticks: the mock logs every request at INFO, which would time logging, not
   * the app.
   */
  private final Logger mockLog = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  /** The WebSocket expectations: a new listener per connection, by GET path (with its query). */
  private final Map<String, Supplier<WebSocketListener>> sockets = new ConcurrentHashMap<>();

  public KubeMock() {
    mockLog.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    var mixed = new KubernetesMixedDispatcher(responses);
    var dispatcher =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            var socket = "GET".equals(request.getMethod()) ? sockets.get(request.getPath()) : null;
            return socket == null
                ? mixed.dispatch(request)
                : new MockResponse().withWebSocketUpgrade(socket.get());
          }

          @Override
          public void shutdown() {
            mixed.shutdown();
          }

          @Override
          public void releaseResources() {
            mixed.releaseResources();
          }
        };
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    server.init();
    client = server.createClient();
  }

  /** An administrator's client, to change the cluster behind the app's back. */
  public KubernetesClient client() {
    return client;
  }

  public KubernetesMockServer server() {
    return server;
  }

  public String url() {
    return server.url("/").replaceAll("/$", "");
  }

  public void createNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /**
   * Writes a kubeconfig with one context per entry of {@code servers} (context name → server URL,
   * in order), {@code current} marked current, each with the namespace {@code namespace}.
   */
  public static Path writeKubeconfig(
      Path file, Map<String, String> servers, String current, String namespace) throws IOException {
    var text =
        new StringBuilder("apiVersion: v1\nkind: Config\ncurrent-context: ")
            .append(current)
            .append("\nclusters:\n");
    servers.forEach(
        (name, url) ->
            text.append("- name: ")
                .append(name)
                .append("\n  cluster:\n    server: \"")
                .append(url)
                .append("\"\n"));
    text.append("users:\n- name: tester\n  user:\n    token: test-token\ncontexts:\n");
    servers.forEach(
        (name, url) ->
            text.append("- name: ")
                .append(name)
                .append("\n  context: {cluster: ")
                .append(name)
                .append(", user: tester, namespace: ")
                .append(namespace)
                .append("}\n"));
    Files.writeString(file, text.toString());
    return file;
  }

  public static Map<String, String> contexts(String... nameThenUrl) {
    var map = new LinkedHashMap<String, String>();
    for (int i = 0; i + 1 < nameThenUrl.length; i += 2) map.put(nameThenUrl[i], nameThenUrl[i + 1]);
    return map;
  }

  /** A running pod with one container "app" listening on 8080. */
  public static Pod pod(String namespace, String name, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-1")
        .withContainers(
            new ContainerBuilder()
                .withName("app")
                .withImage("shop/web:1")
                .withPorts(new ContainerPortBuilder().withContainerPort(8080).build())
                .build())
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("app")
                .withReady(true)
                .withRestartCount(0)
                .build())
        .endStatus()
        .build();
  }

  /**
   * API discovery as a real API server answers it (the core group, pods and namespaces): {@code
   * kubectl} asks for it before any list, and the mock has none of its own. With and without the
   * {@code timeout} query kubectl adds.
   */
  public void expectDiscovery() {
    var documents =
        Map.of(
            "/api",
            "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"localhost\"}]}",
            "/apis",
            "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}",
            "/api/v1",
            "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
                + "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,"
                + "\"kind\":\"Pod\",\"verbs\":[\"get\",\"list\",\"watch\"],"
                + "\"shortNames\":[\"po\"]},"
                + "{\"name\":\"namespaces\",\"singularName\":\"namespace\",\"namespaced\":false,"
                + "\"kind\":\"Namespace\",\"verbs\":[\"get\",\"list\",\"watch\"],"
                + "\"shortNames\":[\"ns\"]}]}");
    documents.forEach(
        (path, body) -> {
          server.expect().get().withPath(path).andReturn(200, body).always();
          server.expect().get().withPath(path + "?timeout=32s").andReturn(200, body).always();
        });
  }

  /**
   * The log the API server returns at {@code path} (a pod's log path with the query the client
   * sends).
   */
  public void expectLog(String path, String body) {
    server.expect().get().withPath(path).andReturn(200, body).always();
  }

  /**
   * The kubelet's side of a port-forward to {@code pod}: the port on both channels when the stream
   * opens, then {@code reply} on the data channel when the client sends {@code request}.
   */
  public void expectPortForward(
      String namespace, String pod, int port, String request, String reply) {
    sockets.put(
        "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/portforward?ports=" + port,
        () -> new PortForwardSession(port, request, reply));
  }

  /** The kubelet's side of one port-forward stream (see {@link #expectPortForward}). */
  private static final class PortForwardSession extends WebSocketListener {
    private final int port;
    private final String request;
    private final String reply;

    PortForwardSession(int port, String request, String reply) {
      this.port = port;
      this.request = request;
      this.reply = reply;
    }

    @Override
    public void onOpen(WebSocket socket, Response response) {
      // data channel 0, then error channel 1, each opening with the port (little-endian)
      socket.send(new byte[] {0, (byte) (port & 0xff), (byte) (port >> 8)});
      socket.send(new byte[] {1, (byte) (port & 0xff), (byte) (port >> 8)});
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
      onMessage(socket, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onMessage(WebSocket socket, ByteString bytes) {
      onMessage(socket, bytes.toByteArray());
    }

    @Override
    public void onMessage(WebSocket socket, byte[] frame) {
      if (new String(frame, StandardCharsets.UTF_8).equals("\u0000" + request))
        socket.send(("\u0000" + reply).getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * A kubelet's side of a terminal shell in {@code container} of {@code pod}, as Drover's pod
   * terminal asks for it: a toy shell that prompts, echoes keystrokes, answers each line with what
   * it was, takes the terminal's size from resize frames and exits with N on {@code exit N}. (The
   * mock's own WebSocket expectations need every frame known beforehand, and a terminal's size is
   * not.)
   */
  public ToyShell expectShell(String namespace, String pod, String container) {
    var shell = new ToyShell();
    var path =
        "/api/v1/namespaces/"
            + namespace
            + "/pods/"
            + pod
            + "/exec?"
            + PodShells.SHELL.stream()
                .map(
                    part ->
                        "command="
                            + URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"))
            + "&container="
            + container
            + "&tty=true&stdin=true&stdout=true";
    sockets.put(path, () -> shell.new Session());
    return shell;
  }

  /** See {@link #expectShell}; one instance serves every shell opened at its path. */
  public static final class ToyShell {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile int[] size;
    private final AtomicInteger opened = new AtomicInteger();

    /** The lines typed so far, over all shells. */
    public List<String> lines() {
      return lines;
    }

    /** The last size a terminal sent, columns then rows, or null. */
    public int[] size() {
      return size;
    }

    /** How many shells have been opened. */
    public int opened() {
      return opened.get();
    }

    private final class Session extends WebSocketListener {
      private final StringBuilder line = new StringBuilder();

      @Override
      public void onOpen(WebSocket socket, Response response) {
        opened.incrementAndGet();
        send(socket, 1, "\u001b[32mtoy\u001b[0m$ ");
      }

      @Override
      public void onMessage(WebSocket socket, String text) {
        onMessage(socket, text.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void onMessage(WebSocket socket, ByteString bytes) {
        onMessage(socket, bytes.toByteArray());
      }

      @Override
      public synchronized void onMessage(WebSocket socket, byte[] frame) {
        if (frame.length == 0) return;
        var text = new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8);
        if (frame[0] == 4) {
          var size = Pattern.compile("\"Width\":(\\d+).*\"Height\":(\\d+)").matcher(text);
          if (size.find())
            ToyShell.this.size =
                new int[] {Integer.parseInt(size.group(1)), Integer.parseInt(size.group(2))};
          return;
        }
        if (frame[0] != 0) return;
        for (var c : text.toCharArray()) {
          if (c != '\r') {
            line.append(c);
            send(socket, 1, String.valueOf(c));
            continue;
          }
          var typed = line.toString();
          line.setLength(0);
          lines.add(typed);
          if (typed.startsWith("exit")) {
            var code = typed.length() > 5 ? typed.substring(5).trim() : "0";
            send(
                socket,
                3,
                "0".equals(code)
                    ? "{\"metadata\":{},\"status\":\"Success\"}"
                    : "{\"metadata\":{},\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\","
                        + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\""
                        + code
                        + "\"}]}}");
            socket.close(1000, "");
            return;
          }
          send(socket, 1, "\r\nyou typed: " + typed + "\r\n\u001b[32mtoy\u001b[0m$ ");
        }
      }

      private static void send(WebSocket socket, int channel, String text) {
        var data = text.getBytes(StandardCharsets.UTF_8);
        var framed = new byte[data.length + 1];
        framed[0] = (byte) channel;
        System.arraycopy(data, 0, framed, 1, data.length);
        socket.send(framed);
      }
    }
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException slowToClose) {
      // Vert.x waits for watch connections just let go; the port is freed regardless.
    }
  }
}
