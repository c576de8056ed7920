package dev.drover.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real {@code sh} behind a unix socket, as QEMU serves the guest's console (without the
 * echo of a tty).
 */
class GuestConsoleTest {

  @TempDir Path dir;

  @Test
  void runReturnsTheCommandsOutputAndExitCodeBetweenItsMarkers() throws Exception {
    var socket = dir.resolve("shell.sock");
    try (var shell = shellServer(socket)) {
      var console = new GuestConsole(socket);
      var result = console.run("echo one; echo two >&2; (exit 3)", Duration.ofSeconds(20));

      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.output()).isEqualTo("one\ntwo\n");
    }
  }

  @Test
  void aCommandThatDoesNotEndInTimeIsAnErrorNamingIt() throws Exception {
    var socket = dir.resolve("shell.sock");
    try (var shell = shellServer(socket)) {
      assertThatThrownBy(() -> new GuestConsole(socket).run("sleep 30", Duration.ofMillis(500)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("did not finish")
          .hasMessageContaining("sleep 30");
    }
  }

  @Test
  void attachBridgesUntilTheDetachKeyAndSendsNothingAfterIt() throws Exception {
    var socket = dir.resolve("shell.sock");
    try (var shell = shellServer(socket)) {
      var keyboard = new PipedOutputStream();
      var typed = new PipedInputStream(keyboard);
      var shown = new ByteArrayOutputStream();
      var attached =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      new GuestConsole(socket).attach(typed, shown);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
      keyboard.write("echo attached\n".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> shown.toString(StandardCharsets.UTF_8).contains("attached"));
      keyboard.write(
          ("x" + (char) GuestConsole.DETACH_KEY + "echo never\n").getBytes(StandardCharsets.UTF_8));
      keyboard.close();
      attached.join(Duration.ofSeconds(20));

      assertThat(attached.isAlive()).as("the detach key ends the attach").isFalse();
      assertThat(shown.toString(StandardCharsets.UTF_8)).doesNotContain("never");
    }
  }

  @Test
  void aVmThatIsNotRunningIsSaidInWords() {
    assertThatThrownBy(
            () -> new GuestConsole(dir.resolve("shell.sock")).run("true", Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not answer")
        .hasMessageContaining("VM running");
  }

  /** One connection, bridged to a fresh {@code sh}; closing ends both. */
  private static AutoCloseable shellServer(Path socket) throws IOException {
    var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    var process = new ProcessBuilder("sh").redirectErrorStream(true).start();
    var bridge =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var client = server.accept()) {
                    var out =
                        Thread.ofVirtual()
                            .start(
                                () -> {
                                  try {
                                    process
                                        .getInputStream()
                                        .transferTo(Channels.newOutputStream(client));
                                  } catch (IOException ignored) {
                                    // the client left
                                  }
                                });
                    try (var toShell = process.getOutputStream()) {
                      var in = Channels.newInputStream(client);
                      var bytes = new byte[1024];
                      int read;
                      while ((read = in.read(bytes)) >= 0) {
                        toShell.write(bytes, 0, read);
                        toShell.flush();
                      }
                    }
                    out.join(2000);
                  } catch (IOException | InterruptedException ignored) {
                    // the test ended
                  }
                });
    return () -> {
      process.destroyForcibly();
      server.close();
      bridge.join(5000);
    };
  }
}
