package dev.drover.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.vm.VmNotice;
import dev.drover.vm.agent.PortForwarder;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QmpHostForwardsTest {

  private final List<VmNotice> notices = new ArrayList<>();

  private static ContainerSummary publishing(String id, ContainerSummary.PublishedPort... ports) {
    return new ContainerSummary(
        id, "web-" + id, "img", "running", "Up", Instant.EPOCH, List.of(ports), null);
  }

  @Test
  void eachPublishedAddressIsForwardedOnThatHostAddressToItsGuestStandIn() throws Exception {
    var monitor = new ArrayList<String>();
    int v6Port;
    try (var probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      v6Port = probe.getLocalPort();
    }
    try (var qmp =
        new QmpHostForwards(
            commandLine -> {
              monitor.add(commandLine);
              return "";
            })) {
      var forwarder = new PortForwarder(qmp, notices::add);
      // the ports Docker 20.10 in the guest reports for -p 18081:80 (both twins), -p
      // 127.0.0.1:18082:80, -p [::1]:<v6Port>:80 and -p 127.0.0.1:18084:53/udp
      forwarder.containersChanged(
          new ContainerUpdate.Upsert(
              publishing(
                  "a",
                  new ContainerSummary.PublishedPort("0.0.0.0", 18081, 80, "tcp"),
                  new ContainerSummary.PublishedPort("::", 18081, 80, "tcp"),
                  new ContainerSummary.PublishedPort("127.0.0.1", 18082, 80, "tcp"),
                  new ContainerSummary.PublishedPort("::1", v6Port, 80, "tcp"),
                  new ContainerSummary.PublishedPort("127.0.0.1", 18084, 53, "udp"))));

      assertThat(monitor)
          .contains(
              "hostfwd_add net0 tcp:0.0.0.0:18081-10.0.2.15:18081",
              "hostfwd_add net0 tcp:127.0.0.1:18082-10.0.2.100:18082",
              "hostfwd_add net0 udp:127.0.0.1:18084-10.0.2.100:18084")
          .anySatisfy(
              line ->
                  assertThat(line)
                      .matches(
                          "hostfwd_add net0 tcp:127\\.0\\.0\\.1:\\d+-10\\.0\\.2\\.101:" + v6Port))
          .hasSize(4);
      try (var relayed = new Socket("::1", v6Port)) {
        assertThat(relayed.isConnected()).as("the relay listens on [::1]").isTrue();
      }
      assertThat(notices)
          .filteredOn(n -> n.kind() == VmNotice.Kind.PORT_FORWARDED)
          .extracting(VmNotice::message)
          .anySatisfy(m -> assertThat(m).endsWith("reachable on 127.0.0.1:18082"))
          .anySatisfy(m -> assertThat(m).endsWith("reachable on [::1]:" + v6Port));

      forwarder.containersChanged(new ContainerUpdate.Removed("a"));

      assertThat(monitor)
          .contains(
              "hostfwd_remove net0 tcp:0.0.0.0:18081",
              "hostfwd_remove net0 tcp:127.0.0.1:18082",
              "hostfwd_remove net0 udp:127.0.0.1:18084");
    }
  }

  @Test
  void udpOnTheIpv6LoopbackIsRelayedToAQemuForwardOnAPrivateIpv4LoopbackPort() throws Exception {
    var monitor = new ArrayList<String>();
    var echoes = new ArrayList<DatagramSocket>();
    int v6Port;
    try (var probe = new DatagramSocket(new InetSocketAddress("::1", 0))) {
      v6Port = probe.getLocalPort();
    }
    var rule =
        Pattern.compile("hostfwd_add net0 udp:127\\.0\\.0\\.1:(\\d+)-10\\.0\\.2\\.101:" + v6Port);
    try (var qmp =
        new QmpHostForwards(
            commandLine -> {
              monitor.add(commandLine);
              var add = rule.matcher(commandLine);
              if (add.matches()) {
                // what QEMU's forward does with the datagrams: here an echo
                var echo =
                    new DatagramSocket(
                        Integer.parseInt(add.group(1)), InetAddress.getLoopbackAddress());
                echoes.add(echo);
                Thread.ofVirtual()
                    .start(
                        () -> {
                          try {
                            var packet = new DatagramPacket(new byte[512], 512);
                            while (true) {
                              echo.receive(packet);
                              echo.send(packet);
                            }
                          } catch (IOException closed) {
                            // the test is over
                          }
                        });
              }
              return "";
            })) {
      var forwarder = new PortForwarder(qmp, notices::add);
      forwarder.containersChanged(
          new ContainerUpdate.Upsert(
              publishing("dns", new ContainerSummary.PublishedPort("::1", v6Port, 53, "udp"))));

      assertThat(forwarder.notForwarded()).isEmpty();
      assertThat(monitor).singleElement().satisfies(line -> assertThat(line).matches(rule));
      try (var client = new DatagramSocket()) {
        client.setSoTimeout(5000);
        var question = "ping".getBytes(StandardCharsets.UTF_8);
        client.send(
            new DatagramPacket(question, question.length, new InetSocketAddress("::1", v6Port)));
        var answer = new DatagramPacket(new byte[512], 512);
        client.receive(answer);
        assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8))
            .isEqualTo("ping");
      }

      forwarder.containersChanged(new ContainerUpdate.Removed("dns"));

      var inner = rule.matcher(monitor.getFirst());
      assertThat(inner.matches()).isTrue();
      assertThat(monitor).last().isEqualTo("hostfwd_remove net0 udp:127.0.0.1:" + inner.group(1));
      try (var again = new DatagramSocket(new InetSocketAddress("::1", v6Port))) {
        assertThat(again.getLocalPort()).as("[::1] port released").isEqualTo(v6Port);
      }
    } finally {
      echoes.forEach(DatagramSocket::close);
    }
  }
}
