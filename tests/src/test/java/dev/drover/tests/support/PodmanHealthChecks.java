package dev.drover.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Runs a container's health check on Podman, as the systemd timer Podman sets up for it would.
 * Podman runs health checks only from such timers, and the test service runs without systemd, so
 * without this a health check never runs there. Dockerd runs them itself.
 */
public final class PodmanHealthChecks {

  private PodmanHealthChecks() {}

  /**
   * Runs {@code container}'s health check once through Podman's own API ({@code podman healthcheck
   * run}) and returns Podman's answer, e.g. {@code {"Status":"healthy",…}}.
   *
   * @param podmanHost the service's address, {@code unix:///…/podman.sock}
   */
  public static String run(String podmanHost, String container) throws IOException {
    var socket = UnixDomainSocketAddress.of(URI.create(podmanHost).getPath());
    var request =
        ("GET /v4.0.0/libpod/containers/%s/healthcheck HTTP/1.0\r\nHost: podman\r\n\r\n")
            .formatted(URLEncoder.encode(container, StandardCharsets.UTF_8));
    try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(socket);
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      var response = new ByteArrayOutputStream();
      var buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) >= 0) {
        response.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      var text = response.toString(StandardCharsets.UTF_8);
      if (!text.startsWith("HTTP/1.1 200") && !text.startsWith("HTTP/1.0 200")) {
        throw new IOException("Podman did not run the health check of " + container + ": " + text);
      }
      return text.substring(text.indexOf("\r\n\r\n") + 4);
    }
  }
}
