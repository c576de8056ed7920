package dev.drover.vm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.vm.VmNotice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortForwarderTest {

  private final List<String> calls = new ArrayList<>();
  private final List<VmNotice> notices = new ArrayList<>();
  private final Set<Integer> takenOnHost = new HashSet<>();
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
        Arrays.stream(hostPorts)
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
