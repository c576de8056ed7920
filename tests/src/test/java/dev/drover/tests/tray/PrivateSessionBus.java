package dev.drover.tests.tray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A D-Bus session bus of the test's own: Debian's {@code dbus-daemon} with the stock session
 * configuration, listening on a socket in {@code folder}. Nothing else on the machine uses it.
 */
final class PrivateSessionBus implements AutoCloseable {

  private final Process daemon;
  private final String address;

  private PrivateSessionBus(Process daemon, String address) {
    this.daemon = daemon;
    this.address = address;
  }

  static PrivateSessionBus start(Path folder) throws IOException, InterruptedException {
    // The address goes to a file, not a pipe: services the bus starts on demand (the
    // accessibility registry a GTK app asks for) inherit the daemon's output and write there too.
    var printed = folder.resolve("address.txt");
    var daemon =
        new ProcessBuilder(
                "dbus-daemon",
                "--session",
                "--nofork",
                "--nopidfile",
                "--address=unix:path=" + folder.resolve("bus"),
                "--print-address=1")
            .redirectOutput(printed.toFile())
            .redirectError(folder.resolve("dbus-daemon.txt").toFile())
            .start();
    for (int tries = 0; tries < 100 && daemon.isAlive(); tries++) {
      var lines = Files.readAllLines(printed, StandardCharsets.UTF_8);
      if (!lines.isEmpty() && lines.getFirst().startsWith("unix:"))
        return new PrivateSessionBus(daemon, lines.getFirst().strip());
      Thread.sleep(100);
    }
    daemon.destroyForcibly();
    throw new IOException(
        "dbus-daemon printed no address: " + Files.readString(folder.resolve("dbus-daemon.txt")));
  }

  /** The address for {@code DBUS_SESSION_BUS_ADDRESS}. */
  String address() {
    return address;
  }

  @Override
  public void close() throws InterruptedException {
    daemon.destroy();
    if (!daemon.waitFor(10, TimeUnit.SECONDS))
      daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
