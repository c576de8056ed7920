package dev.drover.vm.qemu;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host loopback port of the VM's engine, kept across boots in a file of the VM's folder: a
 * {@code DOCKER_HOST} or Docker context the user copied keeps working after a restart. A new port
 * is taken only when the remembered one is in use by another program (or the file is missing or
 * unreadable), and then remembered instead.
 */
final class EnginePort {

  private EnginePort() {}

  /** The port to forward to the engine for this boot; {@code file} holds it for the next. */
  static int choose(Path file) throws IOException {
    var remembered = remembered(file);
    if (remembered > 0 && isFree(remembered)) return remembered;
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Files.writeString(file, port + "\n", StandardCharsets.UTF_8);
    return port;
  }

  private static int remembered(Path file) {
    try {
      var port = Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).strip());
      return port > 0 && port < 65536 ? port : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isFree(int port) {
    try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
