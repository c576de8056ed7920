package dev.drover.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.vm.VmFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control-socket forwards against a stand-in QEMU that speaks QMP on a unix socket, one client
 * at a time.
 */
class QmpGuestPortsTest {

  /** What QEMU 7.2 answers to {@code info usernet}, line ends and all. */
  private static final String INFO_USERNET =
      "Hub -1 (net0):\r\n"
          + "  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\r\n"
          + "  TCP[HOST_FORWARD]  14       127.0.0.1 46443       10.0.2.15  6443     0     0\r\n"
          + "  TCP[HOST_FORWARD]   9       127.0.0.1 45555       10.0.2.15  2376     0     0\r\n";

  @TempDir Path machine;

  private FakeQemu qemu;

  @AfterEach
  void stop() throws IOException {
    if (qemu != null) qemu.close();
  }

  @Test
  void aForwardAddedByOneProcessIsFoundAndRemovedByAnother() throws Exception {
    qemu = new FakeQemu(VmFile.QMP_CONTROL_SOCKET.in(machine));

    assertThat(QmpGuestPorts.overControlSocket(machine).add(6443, 16443)).isEmpty();

    var later =
        QmpGuestPorts.overControlSocket(machine); // a later command: nothing shared but the socket
    assertThat(later.forwardedTo(6443)).hasValue(16443);
    assertThat(later.forwardedTo(7443)).isEmpty();
    later.remove(16443);
    assertThat(later.forwardedTo(6443)).isEmpty();
    assertThat(qemu.rules).isEmpty();
  }

  @Test
  void eachCallConnectsAndLetsGoOfTheSocket() throws Exception {
    qemu = new FakeQemu(VmFile.QMP_CONTROL_SOCKET.in(machine));
    var ports = QmpGuestPorts.overControlSocket(machine);

    ports.add(6443, 16443);
    ports.forwardedTo(6443);
    ports.remove(16443);

    // QEMU serves one client per socket: had a call kept its connection, the next would have waited
    // forever.
    assertThat(qemu.connections.get()).isEqualTo(3);
  }

  @Test
  void aTakenHostPortIsRefusedInQemusWords() throws Exception {
    qemu = new FakeQemu(VmFile.QMP_CONTROL_SOCKET.in(machine));
    var ports = QmpGuestPorts.overControlSocket(machine);
    ports.add(6443, 16443);

    assertThat(ports.add(7443, 16443))
        .hasValue("Could not set up host forwarding rule 'tcp:127.0.0.1:16443-:7443'");
    assertThat(ports.forwardedTo(6443)).hasValue(16443);
  }

  @Test
  void aVmWithoutControlSocketSaysToRestartIt() {
    assertThatThrownBy(() -> QmpGuestPorts.overControlSocket(machine).forwardedTo(6443))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no control socket")
        .hasMessageContaining("drover vm restart");
  }

  @Test
  void onlyLoopbackForwardsToTheGuestPortCount() {
    assertThat(QmpGuestPorts.forwardedTo(INFO_USERNET, 6443)).hasValue(46443);
    assertThat(QmpGuestPorts.forwardedTo(INFO_USERNET, 2376)).hasValue(45555);
    assertThat(QmpGuestPorts.forwardedTo(INFO_USERNET, 443)).isEmpty();
    assertThat(
            QmpGuestPorts.forwardedTo(
                INFO_USERNET.replace("127.0.0.1 46443", "0.0.0.0 46443"), 6443))
        .isEmpty();
    assertThat(QmpGuestPorts.forwardedTo("Hub -1 (net0):\r\n", 6443)).isEmpty();
  }

  /**
   * Answers QMP like QEMU's user network: hostfwd_add, hostfwd_remove and info usernet, one client
   * at a time.
   */
  private static final class FakeQemu implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Map<Integer, Integer> rules = new TreeMap<>(); // host port → guest port
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocketChannel server;
    private final Thread serving;

    FakeQemu(Path socket) throws IOException {
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      serving = Thread.ofVirtual().start(this::serve);
    }

    private void serve() {
      while (server.isOpen()) {
        try (var client = server.accept()) {
          connections.incrementAndGet();
          var out = Channels.newOutputStream(client);
          var in =
              new BufferedReader(
                  new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
          out.write(
              "{\"QMP\": {\"version\": {}, \"capabilities\": [\"oob\"]}}\r\n"
                  .getBytes(StandardCharsets.UTF_8));
          for (String line; (line = in.readLine()) != null; ) {
            var request = JSON.readTree(line);
            var reply = JSON.createObjectNode();
            if (request.path("execute").asText().equals("human-monitor-command")) {
              reply.put("return", human(request.path("arguments").path("command-line").asText()));
            } else {
              reply.putObject("return");
            }
            out.write((JSON.writeValueAsString(reply) + "\r\n").getBytes(StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          // the server closed, or the client left
        }
      }
    }

    private synchronized String human(String commandLine) {
      var words = commandLine.split(" ");
      switch (words[0]) {
        case "hostfwd_add" -> {
          var rule = words[2]; // tcp:127.0.0.1:16443-:6443
          var host =
              Integer.parseInt(
                  rule.substring(rule.lastIndexOf(':', rule.indexOf('-')) + 1, rule.indexOf('-')));
          var guest = Integer.parseInt(rule.substring(rule.lastIndexOf(':') + 1));
          if (rules.containsKey(host))
            return "Could not set up host forwarding rule '" + rule + "'\r\n";
          rules.put(host, guest);
          return "";
        }
        case "hostfwd_remove" -> {
          var host = Integer.parseInt(words[2].substring(words[2].lastIndexOf(':') + 1));
          return rules.remove(host) != null
              ? "host forwarding rule for " + words[2] + " removed\r\n"
              : "host forwarding rule for " + words[2] + " not found\r\n";
        }
        case "info" -> {
          var text =
              new StringBuilder(
                  "Hub -1 (net0):\r\n  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\r\n");
          rules.forEach(
              (host, guest) ->
                  text.append(
                      "  TCP[HOST_FORWARD]  14       127.0.0.1 %5d       10.0.2.15 %5d     0     0\r\n"
                          .formatted(host, guest)));
          return text.toString();
        }
        default -> {
          return "unknown command: '" + words[0] + "'\r\n";
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      serving.interrupt();
    }
  }
}
