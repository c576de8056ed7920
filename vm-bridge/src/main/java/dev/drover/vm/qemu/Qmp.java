package dev.drover.vm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.vm.ReadDeadline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A connection to QEMU's machine protocol (QMP) over its unix socket: one command at a time, events
 * (SHUTDOWN, POWERDOWN…) handed to a listener from the reading thread. QEMU serves one QMP client
 * per socket.
 */
final class Qmp implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode CLOSED = JSON.createObjectNode().put("closed", true);

  private final SocketChannel channel;
  private final OutputStream out;
  private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
  private final Thread reader;

  /** However far the connection's deadline has run down, the greeting gets this long. */
  private static final Duration LEAST_GREETING_PATIENCE = Duration.ofSeconds(2);

  private Qmp(SocketChannel channel, Consumer<JsonNode> events, long deadlineNanos)
      throws IOException {
    this.channel = channel;
    this.out = Channels.newOutputStream(channel);
    var in =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    var greeting = greeting(in, channel, deadlineNanos);
    if (greeting == null || !greeting.contains("\"QMP\""))
      throw new IOException("QEMU's QMP socket did not greet: " + greeting);
    reader =
        Thread.ofVirtual()
            .name("qmp-reader")
            .start(
                () -> {
                  try {
                    for (String line; (line = in.readLine()) != null; ) {
                      var message = JSON.readTree(line);
                      if (message.has("event")) events.accept(message);
                      else replies.add(message);
                    }
                  } catch (IOException e) {
                    // the socket closed: QEMU exited or we closed it
                  } finally {
                    replies.add(CLOSED);
                  }
                });
  }

  /**
   * QEMU greets a client as soon as it takes it, but it serves one client per socket: a second one
   * is accepted by the system and then waits, unanswered, for as long as the first stays. So the
   * wait for the greeting has a deadline, after which the socket is closed under the read.
   */
  private static String greeting(BufferedReader in, SocketChannel channel, long deadlineNanos)
      throws IOException {
    var patience =
        Duration.ofNanos(
            Math.max(deadlineNanos - System.nanoTime(), LEAST_GREETING_PATIENCE.toNanos()));
    try (var deadline =
        ReadDeadline.after(patience, channel, Thread.ofVirtual().name("qmp-greeting"))) {
      return in.readLine();
    } catch (AsynchronousCloseException e) {
      throw new IOException(
          "QEMU's control socket did not greet within "
              + patience.toSeconds()
              + " s: another program may be connected to it",
          e);
    }
  }

  /**
   * Connects, retrying until {@code timeout} while QEMU has not created its socket yet or does not
   * greet.
   */
  static Qmp connect(Path socket, Duration timeout, Consumer<JsonNode> events)
      throws IOException, InterruptedException {
    var deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        var qmp = new Qmp(channel, events, deadline);
        qmp.execute("qmp_capabilities", null, Duration.ofSeconds(10));
        return qmp;
      } catch (IOException e) {
        channel.close();
        if (System.nanoTime() > deadline)
          throw new IOException(
              "could not connect to QEMU's control socket " + socket + ": " + e.getMessage(), e);
        Thread.sleep(50);
      }
    }
  }

  /**
   * Runs one command and returns its "return" value; a QMP error becomes an IOException with QEMU's
   * text.
   */
  synchronized JsonNode execute(String command, ObjectNode arguments, Duration timeout)
      throws IOException, InterruptedException {
    var request = JSON.createObjectNode().put("execute", command);
    if (arguments != null) request.set("arguments", arguments);
    out.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    var reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (reply == null)
      throw new IOException(
          "QEMU did not answer " + command + " within " + timeout.toSeconds() + " s");
    if (reply == CLOSED) {
      replies.add(CLOSED);
      throw new IOException("QEMU closed its control socket during " + command);
    }
    if (reply.has("error"))
      throw new IOException(
          "QEMU refused " + command + ": " + reply.path("error").path("desc").asText());
    return reply.path("return");
  }

  /**
   * Runs a human monitor command (hostfwd_add…) and returns its output; empty means it succeeded.
   */
  String human(String commandLine, Duration timeout) throws IOException, InterruptedException {
    var arguments = JSON.createObjectNode().put("command-line", commandLine);
    return execute("human-monitor-command", arguments, timeout).asText("").strip();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing is best effort; QEMU may already be gone
    }
    reader.interrupt();
  }
}
