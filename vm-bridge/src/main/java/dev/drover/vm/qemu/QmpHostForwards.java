package dev.drover.vm.qemu;

import dev.drover.vm.agent.PortForwarder;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
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
 * <p>QEMU's user network listens on IPv4 only (QEMU 7.2 refuses {@code hostfwd_add udp:[::1]:…} as
 * a "Bad host address"), so a port published on {@code ::1} is served by a relay in this process:
 * it listens on [::1] and passes each TCP connection, or each UDP client's datagrams and their
 * answers, to a QEMU forward on a private 127.0.0.1 port.
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
    var udp = port.protocol().equals("udp");
    var v6 = new InetSocketAddress("::1", port.number());
    Relay relay;
    try {
      relay =
          udp
              ? new UdpRelay(new DatagramSocket(v6))
              : new TcpRelay(ServerSocketChannel.open().bind(v6, 50));
    } catch (IOException e) {
      return "[::1]:" + port.number() + (udp ? "/udp" : "") + ": " + e.getMessage();
    }
    int inner;
    try {
      inner = freeLoopbackPort(udp);
    } catch (IOException e) {
      relay.close();
      throw e;
    }
    var complaint =
        monitor
            .human(
                "hostfwd_add "
                    + QemuCommand.NETDEV
                    + " "
                    + port.protocol()
                    + ":127.0.0.1:"
                    + inner
                    + "-"
                    + port.address().guest()
                    + ":"
                    + port.number())
            .strip();
    if (!complaint.isEmpty()) {
      relay.close();
      return complaint;
    }
    relays.put(port, relay);
    relay.start(inner, "vm-port-" + port.number() + (udp ? "-udp-v6" : "-v6"));
    return "";
  }

  /** A port of this computer's 127.0.0.1 that is free now, for the QEMU forward behind a relay. */
  private static int freeLoopbackPort(boolean udp) throws IOException {
    if (udp) {
      try (var probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      }
    }
    try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  @Override
  public void remove(PortForwarder.Port port) throws IOException, InterruptedException {
    var relay = relays.remove(port);
    if (relay != null) {
      relay.close();
      monitor.human(
          "hostfwd_remove "
              + QemuCommand.NETDEV
              + " "
              + port.protocol()
              + ":127.0.0.1:"
              + relay.inner());
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

  /** Serves a port on [::1] by passing what arrives to a QEMU forward on 127.0.0.1:inner. */
  private sealed interface Relay permits TcpRelay, UdpRelay {
    /** Serves on a thread of its own, passing to 127.0.0.1:{@code inner}. */
    void start(int inner, String threadName);

    int inner();

    /** Closes the sockets; the port is free again when this returns. */
    void close();
  }

  /**
   * Datagrams to [::1]:port, each client's passed on from a socket of its own to 127.0.0.1:inner,
   * and the answers that come back to that socket sent to the client. A client's socket closes
   * after {@link #IDLE} without an answer, as QEMU's own UDP sessions expire.
   */
  private static final class UdpRelay implements Relay {
    private static final Duration IDLE = Duration.ofMinutes(2);
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket listener;
    private final Map<SocketAddress, DatagramSocket> clients = new ConcurrentHashMap<>();
    private volatile int inner;
    private volatile Thread server;

    UdpRelay(DatagramSocket listener) {
      this.listener = listener;
    }

    @Override
    public void start(int inner, String threadName) {
      this.inner = inner;
      server = Thread.ofVirtual().name(threadName).start(this::serve);
    }

    @Override
    public int inner() {
      return inner;
    }

    private void serve() {
      var guest = new InetSocketAddress(InetAddress.getLoopbackAddress(), inner);
      var buffer = new byte[MAX_DATAGRAM];
      while (!listener.isClosed()) {
        var packet = new DatagramPacket(buffer, buffer.length);
        try {
          listener.receive(packet);
        } catch (IOException e) {
          if (!listener.isClosed())
            LOG.debug("UDP relay of port {} ended: {}", inner, e.getMessage());
          return;
        }
        var client = packet.getSocketAddress();
        try {
          var upstream = clients.get(client);
          if (upstream == null) {
            upstream = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            upstream.setSoTimeout((int) IDLE.toMillis());
            clients.put(client, upstream);
            var opened = upstream;
            Thread.ofVirtual().start(() -> answer(client, opened));
          }
          upstream.send(
              new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), guest));
        } catch (IOException e) {
          LOG.debug("UDP datagram from {} not relayed: {}", client, e.getMessage());
        }
      }
    }

    /** Sends what comes back on {@code upstream} to {@code client}, until it is idle or closed. */
    private void answer(SocketAddress client, DatagramSocket upstream) {
      var buffer = new byte[MAX_DATAGRAM];
      try (upstream) {
        while (true) {
          var packet = new DatagramPacket(buffer, buffer.length);
          upstream.receive(packet);
          listener.send(new DatagramPacket(packet.getData(), 0, packet.getLength(), client));
        }
      } catch (SocketTimeoutException idle) {
        // the client went quiet; a later datagram from it opens a new socket
      } catch (IOException e) {
        LOG.debug("UDP answers to {} ended: {}", client, e.getMessage());
      } finally {
        clients.remove(client, upstream);
      }
    }

    /** Closes the sockets; the port is free again when this returns (its reader has left). */
    @Override
    public void close() {
      listener.close();
      clients.values().forEach(DatagramSocket::close);
      clients.clear();
      var reader = server;
      if (reader == null) return;
      try {
        reader.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Connections from [::1]:port, each passed on to 127.0.0.1:inner and back. */
  private static final class TcpRelay implements Relay {
    private final ServerSocketChannel listener;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile int inner;

    TcpRelay(ServerSocketChannel listener) {
      this.listener = listener;
    }

    @Override
    public void start(int inner, String threadName) {
      this.inner = inner;
      Thread.ofVirtual().name(threadName).start(this::serve);
    }

    @Override
    public int inner() {
      return inner;
    }

    private void serve() {
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

    @Override
    public void close() {
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
