package dev.drover.vm.qemu;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers' published ports as QEMU forwards, through QMP's {@code hostfwd_add} and {@code
 * hostfwd_remove}: each port on the host address it was published on, to the guest address where
 * the engine's proxy listens for it ({@link PortForwarder.HostAddress}).
 *
 * <p>QEMU's user network listens on IPv4 only, so a port published on {@code ::1} is served by a
 * relay in this process: it listens on [::1] and passes each connection to a QEMU forward on a
 * private 127.0.0.1 port. UDP on {@code ::1} is not relayed.
 */
final class QmpHostForwards implements PortForwarder.Forwards, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(QmpHostForwards.class);

  private final QmpGuestPorts.Monitor monitor;
  private final Map<PortForwarder.Port, Relay> relays = new ConcurrentHashMap<>();

  QmpHostForwards(QmpGuestPorts.Monitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public String add(PortForwarder.Port port) throws IOException, InterruptedException {
    if (port.address() != PortForwarder.HostAddress.LOOPBACK6) {
      return monitor.human("hostfwd_add " + QemuCommand.NETDEV + " " + port.forwardRule()).strip();
    }
    if (!port.protocol().equals("tcp")) {
      throw new IOException(
          "UDP ports published on ::1 are not forwarded; publish on 127.0.0.1 instead");
    }
    ServerSocketChannel listener;
    try {
      listener = ServerSocketChannel.open().bind(new InetSocketAddress("::1", port.number()), 50);
    } catch (IOException e) {
      return "[::1]:" + port.number() + ": " + e.getMessage();
    }
    int inner;
    try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      inner = probe.getLocalPort();
    }
    var complaint =
        monitor
            .human(
                "hostfwd_add "
                    + QemuCommand.NETDEV
                    + " tcp:127.0.0.1:"
                    + inner
                    + "-"
                    + port.address().guest()
                    + ":"
                    + port.number())
            .strip();
    if (!complaint.isEmpty()) {
      listener.close();
      return complaint;
    }
    var relay = new Relay(listener, inner);
    relays.put(port, relay);
    Thread.ofVirtual().name("vm-port-" + port.number() + "-v6").start(relay::serve);
    return "";
  }

  @Override
  public void remove(PortForwarder.Port port) throws IOException, InterruptedException {
    var relay = relays.remove(port);
    if (relay != null) {
      relay.close();
      monitor.human("hostfwd_remove " + QemuCommand.NETDEV + " tcp:127.0.0.1:" + relay.inner);
      return;
    }
    // QEMU answers "removed" or "not found"; either way the port is no longer forwarded.
    monitor.human("hostfwd_remove " + QemuCommand.NETDEV + " " + port.rule());
  }

  /** Ends the relays; QEMU's own forwards end with QEMU. */
  @Override
  public void close() {
    relays.values().forEach(Relay::close);
    relays.clear();
  }

  /** Connections from [::1]:port, each passed on to 127.0.0.1:inner and back. */
  private static final class Relay {
    private final ServerSocketChannel listener;
    private final int inner;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    Relay(ServerSocketChannel listener, int inner) {
      this.listener = listener;
      this.inner = inner;
    }

    void serve() {
      while (listener.isOpen()) {
        try {
          var client = listener.accept();
          Thread.ofVirtual().start(() -> pass(client));
        } catch (IOException e) {
          if (listener.isOpen()) LOG.debug("relay of port {} ended: {}", inner, e.getMessage());
          return;
        }
      }
    }

    private void pass(SocketChannel client) {
      try (client;
          var guest =
              SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), inner))) {
        open.add(client);
        open.add(guest);
        var back = Thread.ofVirtual().start(() -> copy(guest, client));
        copy(client, guest);
        back.join();
      } catch (IOException e) {
        LOG.debug("relayed connection ended: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        open.remove(client);
      }
    }

    /** Copies until the source ends, then half-closes the target so the peer sees the end. */
    private void copy(SocketChannel from, SocketChannel to) {
      try {
        from.socket().getInputStream().transferTo(to.socket().getOutputStream());
        to.shutdownOutput();
      } catch (IOException e) {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // already closed
        }
      } finally {
        open.remove(to);
      }
    }

    void close() {
      try {
        listener.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      for (var channel : open) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }
}
