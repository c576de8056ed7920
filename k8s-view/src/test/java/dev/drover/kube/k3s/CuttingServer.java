package dev.drover.kube.k3s;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bare HTTP/1.1 server that can promise more bytes than it sends and then close the connection,
 * as a dropped download does. (The JDK's HttpServer keeps such connections open.)
 */
final class CuttingServer implements AutoCloseable {

  private record Answer(byte[] body, long declaredLength) {}

  private final ServerSocket socket;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Thread acceptor;

  CuttingServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().start(this::accept);
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
  }

  void serve(String path, byte[] body, long declaredLength) {
    answers.put(path, new Answer(body, declaredLength));
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        var connection = socket.accept();
        Thread.ofVirtual().start(() -> answer(connection));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void answer(Socket connection) {
    try (connection) {
      var in =
          new BufferedReader(
              new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
      var path = URI.create(in.readLine().split(" ")[1]).getPath();
      for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
        // headers are not needed
      }
      var answer = answers.get(path);
      var out = connection.getOutputStream();
      if (answer == null) {
        out.write(
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Length: "
                  + answer.declaredLength
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(answer.body);
      out.flush();
    } catch (IOException ignored) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    acceptor.interrupt();
  }
}
