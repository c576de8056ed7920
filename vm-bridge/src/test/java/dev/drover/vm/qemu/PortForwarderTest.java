package dev.drover.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.vm.VmNotice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortForwarderTest {

  private final List<String> calls = new ArrayList<>();
  private final List<VmNotice> notices = new ArrayList<>();
  private final Set<Integer> takenOnHost = new java.util.HashSet<>();
  private final PortForwarder forwarder =
      new PortForwarder(
          new PortForwarder.Forwards() {
            @Override
            public String add(PortForwarder.Port port) {
              calls.add("add " + port.rule());
              return takenOnHost.contains(port.number())
                  ? "Could not set up host forwarding rule"
                  : "";
            }

            @Override
            public void remove(PortForwarder.Port port) {
              calls.add("remove " + port.rule());
            }
          },
          notices::add);

  private static ContainerSummary container(String id, String state, int... hostPorts) {
    var ports =
        java.util.Arrays.stream(hostPorts)
            .mapToObj(p -> new ContainerSummary.PublishedPort("0.0.0.0", p, 80, "tcp"))
            .toList();
    return new ContainerSummary(id, "web-" + id, "img", state, state, Instant.EPOCH, ports, null);
  }

  @Test
  void runningContainersPortIsForwardedAndRemovedWhenItStops() {
    forwarder.containersChanged(new ContainerUpdate.Upsert(container("a", "running", 8080)));
    forwarder.containersChanged(new ContainerUpdate.Upsert(container("a", "exited", 8080)));
    assertThat(calls).containsExactly("add tcp:0.0.0.0:8080", "remove tcp:0.0.0.0:8080");
    assertThat(forwarder.forwarded()).isEmpty();
  }

  @Test
  void portStaysWhileAnotherContainerStillPublishesIt() {
    forwarder.containersChanged(new ContainerUpdate.Upsert(container("a", "running", 8080)));
    forwarder.containersChanged(new ContainerUpdate.Upsert(container("b", "running", 8080)));
    forwarder.containersChanged(new ContainerUpdate.Removed("a"));
    assertThat(calls).containsExactly("add tcp:0.0.0.0:8080");
  }

  @Test
  void portTheHostUsesIsReportedAndNotRetriedOnEveryEvent() {
    takenOnHost.add(5432);
    forwarder.containersChanged(new ContainerUpdate.Upsert(container("db", "running", 5432)));
    forwarder.containersChanged(new ContainerUpdate.Upsert(container("other", "running", 9000)));
    assertThat(calls).containsExactly("add tcp:0.0.0.0:5432", "add tcp:0.0.0.0:9000");
    assertThat(notices)
        .filteredOn(n -> n.kind() == VmNotice.Kind.PORT_CONFLICT)
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.message())
                    .contains("5432")
                    .contains("web-db")
                    .contains("already used"));
  }

  @Test
  void resetReplacesWhatWasKnown() {
    forwarder.containersChanged(new ContainerUpdate.Upsert(container("a", "running", 8080)));
    forwarder.containersChanged(
        new ContainerUpdate.Reset(List.of(container("b", "running", 9090))));
    assertThat(calls)
        .containsExactly("add tcp:0.0.0.0:8080", "remove tcp:0.0.0.0:8080", "add tcp:0.0.0.0:9090");
  }

  private static ContainerSummary publishing(String id, ContainerSummary.PublishedPort... ports) {
    return new ContainerSummary(
        id, "web-" + id, "img", "running", "Up", Instant.EPOCH, List.of(ports), null);
  }

  @Test
  void eachPublishedAddressIsForwardedOnThatHostAddressToItsGuestStandIn() throws Exception {
    var monitor = new ArrayList<String>();
    int v6Port;
    try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("::1"))) {
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
      try (var relayed = new java.net.Socket("::1", v6Port)) {
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
    var echoes = new ArrayList<java.net.DatagramSocket>();
    int v6Port;
    try (var probe = new java.net.DatagramSocket(new java.net.InetSocketAddress("::1", 0))) {
      v6Port = probe.getLocalPort();
    }
    var rule =
        java.util.regex.Pattern.compile(
            "hostfwd_add net0 udp:127\\.0\\.0\\.1:(\\d+)-10\\.0\\.2\\.101:" + v6Port);
    try (var qmp =
        new QmpHostForwards(
            commandLine -> {
              monitor.add(commandLine);
              var add = rule.matcher(commandLine);
              if (add.matches()) {
                // what QEMU's forward does with the datagrams: here an echo
                var echo =
                    new java.net.DatagramSocket(
                        Integer.parseInt(add.group(1)), java.net.InetAddress.getLoopbackAddress());
                echoes.add(echo);
                Thread.ofVirtual()
                    .start(
                        () -> {
                          try {
                            var packet = new java.net.DatagramPacket(new byte[512], 512);
                            while (true) {
                              echo.receive(packet);
                              echo.send(packet);
                            }
                          } catch (java.io.IOException closed) {
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
      try (var client = new java.net.DatagramSocket()) {
        client.setSoTimeout(5000);
        var question = "ping".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        client.send(
            new java.net.DatagramPacket(
                question, question.length, new java.net.InetSocketAddress("::1", v6Port)));
        var answer = new java.net.DatagramPacket(new byte[512], 512);
        client.receive(answer);
        assertThat(
                new String(
                    answer.getData(),
                    0,
                    answer.getLength(),
                    java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo("ping");
      }

      forwarder.containersChanged(new ContainerUpdate.Removed("dns"));

      var inner = rule.matcher(monitor.getFirst());
      assertThat(inner.matches()).isTrue();
      assertThat(monitor).last().isEqualTo("hostfwd_remove net0 udp:127.0.0.1:" + inner.group(1));
      try (var again = new java.net.DatagramSocket(new java.net.InetSocketAddress("::1", v6Port))) {
        assertThat(again.getLocalPort()).as("[::1] port released").isEqualTo(v6Port);
      }
    } finally {
      echoes.forEach(java.net.DatagramSocket::close);
    }
  }

  @Test
  void aPortOnAnAddressThisComputerCannotForwardIsLeftAlone() {
    forwarder.containersChanged(
        new ContainerUpdate.Upsert(
            publishing("a", new ContainerSummary.PublishedPort("192.0.2.7", 8080, 80, "tcp"))));

    assertThat(calls).isEmpty();
  }

  @Test
  void portsThatCouldNotBeForwardedAreListedUntilTheirContainerStops() {
    takenOnHost.add(5432);
    forwarder.containersChanged(
        new ContainerUpdate.Upsert(
            publishing("db", new ContainerSummary.PublishedPort("127.0.0.1", 5432, 5432, "tcp"))));

    assertThat(forwarder.notForwarded())
        .containsExactly(
            "5432/tcp on 127.0.0.1 of container web-db: already used on this computer");

    forwarder.containersChanged(new ContainerUpdate.Removed("db"));

    assertThat(forwarder.notForwarded()).isEmpty();
    assertThat(notices)
        .last()
        .satisfies(n -> assertThat(n.kind()).isEqualTo(VmNotice.Kind.PORT_UNFORWARDED));
  }
}
