package dev.drover.kube.k3s;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A k3s release site on loopback: the channel server, GitHub's releases API and release downloads.
 */
final class LocalReleaseServer implements AutoCloseable {

  private record Answer(int status, byte[] body, long declaredLength) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<String> requested = new CopyOnWriteArrayList<>();

  LocalReleaseServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::answer);
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  K3sReleaseSite site() {
    return K3sReleaseSite.at(base());
  }

  void serve(String path, String body) {
    serve(path, body.getBytes(StandardCharsets.UTF_8));
  }

  void serve(String path, byte[] body) {
    answers.put(path, new Answer(200, body, body.length));
  }

  void fail(String path, int status) {
    answers.put(path, new Answer(status, new byte[0], -1));
  }

  /** Declares {@code declaredLength} bytes, sends only {@code body}, then drops the connection. */
  void serveCut(String path, byte[] body, long declaredLength) {
    answers.put(path, new Answer(200, body, declaredLength));
  }

  /**
   * Serves {@code binary} as a release's asset with a sums file listing {@code listedSum} for it.
   */
  void release(String tag, K3sArch arch, byte[] binary, String listedSum) {
    var folder = "/download/" + tag + "/";
    serve(folder + arch.binaryAsset(), binary);
    serve(
        folder + arch.sumsAsset(),
        listedSum
            + "  "
            + arch.binaryAsset()
            + "\n"
            + "0000000000000000000000000000000000000000000000000000000000000000  k3s-airgap-images.tar\n");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    var path = exchange.getRequestURI().getPath();
    requested.add(path);
    var answer = answers.get(path);
    if (answer == null) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    if (answer.body.length == 0 && answer.declaredLength < 0) {
      exchange.sendResponseHeaders(answer.status, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(answer.status, answer.declaredLength);
    var out = exchange.getResponseBody();
    out.write(answer.body);
    out.flush();
    if (answer.declaredLength != answer.body.length) {
      // Closing the exchange early makes the server drop the connection mid-body.
      try {
        out.close();
      } catch (IOException expected) {
        // "insufficient bytes written": the cut we want.
      }
      exchange.close();
      return;
    }
    out.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
