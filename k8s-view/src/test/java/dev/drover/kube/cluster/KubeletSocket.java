package dev.drover.kube.cluster;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubelet's side of one exec or port-forward stream, scripted: binary frames sent when the
 * stream opens, and frames sent in answer to a frame the client writes. Served by {@link
 * MockCluster#serveSocket}, through the mock server's public listener API rather than its internal
 * expectation messages.
 */
public final class KubeletSocket {

  private final List<byte[]> onOpen = new ArrayList<>();
  private final Map<String, List<byte[]>> answers = new LinkedHashMap<>();

  /** Frames sent, in order, as soon as the client's stream is open. */
  public KubeletSocket sendsOnOpen(byte[]... frames) {
    onOpen.addAll(List.of(frames));
    return this;
  }

  /**
   * Frames sent, in order, each time the client writes {@code received} (the whole frame, its
   * channel byte first, read as UTF-8).
   */
  public KubeletSocket answers(String received, byte[]... frames) {
    answers.computeIfAbsent(received, unused -> new ArrayList<>()).addAll(List.of(frames));
    return this;
  }

  /** A frame on {@code channel} carrying {@code text} as UTF-8. */
  public static byte[] frame(int channel, String text) {
    var data = text.getBytes(StandardCharsets.UTF_8);
    var framed = new byte[data.length + 1];
    framed[0] = (byte) channel;
    System.arraycopy(data, 0, framed, 1, data.length);
    return framed;
  }

  /** A frame on {@code channel} carrying a port number, as a port-forward stream opens. */
  public static byte[] portFrame(int channel, int port) {
    return new byte[] {(byte) channel, (byte) (port & 0xff), (byte) (port >> 8)};
  }

  /** A fresh listener for one connection. */
  WebSocketListener newListener() {
    return new WebSocketListener() {
      @Override
      public void onOpen(WebSocket socket, Response response) {
        onOpen.forEach(socket::send);
      }

      @Override
      public void onMessage(WebSocket socket, String text) {
        answers.getOrDefault(text, List.of()).forEach(socket::send);
      }

      @Override
      public void onMessage(WebSocket socket, ByteString bytes) {
        onMessage(socket, bytes.toByteArray());
      }

      @Override
      public void onMessage(WebSocket socket, byte[] frame) {
        onMessage(socket, new String(frame, StandardCharsets.UTF_8));
      }
    };
  }
}
