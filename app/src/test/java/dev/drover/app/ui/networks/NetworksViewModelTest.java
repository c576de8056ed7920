package dev.drover.app.ui.networks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineException;
import dev.drover.engine.ResourceKind;
import dev.drover.engine.networks.NetworkService;
import dev.drover.engine.networks.NetworkSummary;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NetworksViewModelTest {

  /**
   * Stands in for the engine: networks and container names in memory, and a record of what was
   * asked.
   */
  private static final class FakeNetworks implements Networks {
    final List<NetworkSummary> networks = new ArrayList<>();
    final List<String> containers = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    RuntimeException failNext;

    private void maybeFail() {
      var failure = failNext;
      failNext = null;
      if (failure != null) throw failure;
    }

    private List<NetworkSummary> list() {
      calls.add("list");
      maybeFail();
      return List.copyOf(networks);
    }

    private List<String> containerNames() {
      return List.copyOf(containers);
    }

    @Override
    public NetworkService.Listing listing() {
      return new NetworkService.Listing(list(), containerNames());
    }

    @Override
    public String createBridge(String name, String subnet) {
      calls.add("create " + name + " " + subnet);
      maybeFail();
      networks.add(network("id-" + name, name, subnet == null ? List.of() : List.of(subnet)));
      return "id-" + name;
    }

    @Override
    public void remove(String id) {
      calls.add("remove " + id);
      maybeFail();
      networks.removeIf(n -> n.id().equals(id));
    }

    @Override
    public void connect(String networkId, String containerId) {
      calls.add("connect " + networkId + " " + containerId);
      maybeFail();
    }

    @Override
    public void disconnect(String networkId, String containerId) {
      calls.add("disconnect " + networkId + " " + containerId);
      maybeFail();
    }

    long lists() {
      return calls.stream().filter("list"::equals).count();
    }
  }

  private static NetworkSummary network(
      String id, String name, List<String> subnets, String... containers) {
    return new NetworkSummary(
        id,
        name,
        "bridge",
        "local",
        subnets,
        List.of(containers),
        NetworkService.BUILT_IN.contains(name));
  }

  private final FakeNetworks service = new FakeNetworks();
  private final NetworksViewModel model = new NetworksViewModel(service, Background.sameThread());

  private List<String> names() {
    return model.rowsProperty().stream().map(NetworkRow::name).toList();
  }

  @Test
  void networksChangedListsNetworksAndTheContainerChoices() {
    service.networks.addAll(
        List.of(
            network("n1", "backend", List.of("10.5.0.0/16"), "api", "db"),
            network("n0", "none", List.of())));
    service.containers.addAll(List.of("api", "db", "web"));

    model.resourcesChanged(EnumSet.of(ResourceKind.NETWORKS));

    assertThat(names()).containsExactly("backend", "none");
    assertThat(model.rowsProperty().getFirst().subnetsText()).isEqualTo("10.5.0.0/16");
    assertThat(model.rowsProperty().getFirst().containersText()).isEqualTo("api, db");
    assertThat(model.rowsProperty().get(1).builtIn()).isTrue();
    assertThat(model.containerNamesProperty()).containsExactly("api", "db", "web");
  }

  @Test
  void onlyNetworkAndContainerChangesListAgain() {
    model.resourcesChanged(EnumSet.of(ResourceKind.IMAGES, ResourceKind.VOLUMES));
    assertThat(service.lists()).isZero();

    model.containersChanged(new ContainerUpdate.Removed("c1"));
    assertThat(service.lists()).isEqualTo(1);
  }

  @Test
  void aContainerChangingStateDoesNotReadTheNetworksAgainButANewOrRenamedOneDoes() {
    var web = new ContainerSummary("c1", "web", "nginx", "created", "Created", Instant.EPOCH);
    model.containersChanged(new ContainerUpdate.Reset(List.of(web)));
    assertThat(service.lists()).isEqualTo(1);

    model.containersChanged(
        new ContainerUpdate.Upsert(
            new ContainerSummary("c1", "web", "nginx", "running", "Up 1 second", Instant.EPOCH)));
    assertThat(service.lists())
        .as("a state change: its network events say what changed")
        .isEqualTo(1);

    model.containersChanged(
        new ContainerUpdate.Upsert(
            new ContainerSummary(
                "c1", "frontend", "nginx", "running", "Up 2 seconds", Instant.EPOCH)));
    assertThat(service.lists()).as("renamed").isEqualTo(2);
    model.containersChanged(
        new ContainerUpdate.Upsert(
            new ContainerSummary("c2", "db", "postgres", "created", "Created", Instant.EPOCH)));
    assertThat(service.lists()).as("a new container").isEqualTo(3);
  }

  @Test
  void requestsWhileAListIsRunningCollapseIntoExactlyOneMore() {
    Queue<Runnable> work = new ArrayDeque<>();
    var coalescing =
        new NetworksViewModel(service, new Background(work::add, UiDispatcher.immediate()));

    coalescing.resourcesChanged(EnumSet.of(ResourceKind.NETWORKS));
    coalescing.containersChanged(new ContainerUpdate.Removed("a"));
    coalescing.containersChanged(new ContainerUpdate.Removed("b"));
    assertThat(work).hasSize(1);

    work.poll().run();
    assertThat(work).hasSize(1);
    work.poll().run();

    assertThat(work).isEmpty();
    assertThat(service.lists()).isEqualTo(2);
  }

  @Test
  void filterMatchesSubnetsAndContainers() {
    service.networks.addAll(
        List.of(
            network("n1", "backend", List.of("10.5.0.0/16"), "api"),
            network("n2", "frontend", List.of("10.6.0.0/16"), "web")));
    model.refresh();

    model.filterProperty().set("10.6");
    assertThat(names()).containsExactly("frontend");
    model.filterProperty().set("API");
    assertThat(names()).containsExactly("backend");
  }

  @Test
  void createWithSubnetSendsItAndClearsTheFields() {
    model.newNameProperty().set("backend");
    model.newSubnetProperty().set(" 10.7.0.0/24 ");

    model.create();

    assertThat(service.calls).containsExactly("create backend 10.7.0.0/24", "list");
    assertThat(model.rowsProperty().getFirst().subnets()).containsExactly("10.7.0.0/24");
    assertThat(model.newNameProperty().get()).isEmpty();
    assertThat(model.newSubnetProperty().get()).isEmpty();
    assertThat(model.messageProperty().get()).isEqualTo("Created network backend on 10.7.0.0/24.");
  }

  @Test
  void createWithoutSubnetLetsTheEnginePick() {
    model.newNameProperty().set("backend");

    model.create();

    assertThat(service.calls).containsExactly("create backend null", "list");
  }

  @Test
  void invalidSubnetIsRefusedBeforeTheEngineAndTheFieldsAreKept() {
    model.newNameProperty().set("backend");
    model.newSubnetProperty().set("10.7.0.9/24");

    model.create();

    assertThat(service.calls).isEmpty();
    assertThat(model.errorProperty().get()).contains("host bits set").contains("write 10.7.0.0/24");
    assertThat(model.newSubnetProperty().get()).isEqualTo("10.7.0.9/24");
  }

  @Test
  void builtInNetworkIsNotRemovable() {
    service.networks.add(network("n0", "none", List.of()));
    model.refresh();

    model.remove(model.rowsProperty().getFirst());

    assertThat(service.calls).containsExactly("list");
    assertThat(model.errorProperty().get())
        .isEqualTo("Network none is built into the engine and cannot be removed.");
  }

  @Test
  void refusedRemoveShowsWhichContainersAreAttached() {
    service.networks.add(network("n1", "backend", List.of(), "api"));
    model.refresh();
    service.failNext =
        new EngineException(
            "Network backend has container api attached. Disconnect or remove it first.");

    model.remove(model.rowsProperty().getFirst());

    assertThat(model.errorProperty().get()).contains("container api attached");
    assertThat(names()).containsExactly("backend");
  }

  @Test
  void connectAndDisconnectUseTheNetworkIdAndTheChosenContainer() {
    service.networks.add(network("n1", "backend", List.of()));
    model.refresh();
    var row = model.rowsProperty().getFirst();

    model.connect(row, "api");
    assertThat(model.messageProperty().get()).isEqualTo("Connected api to backend.");
    model.disconnect(row, "api");

    assertThat(service.calls)
        .containsSubsequence("connect n1 api", "list", "disconnect n1 api", "list");
    assertThat(model.messageProperty().get()).isEqualTo("Disconnected api from backend.");
  }

  @Test
  void connectWithoutAChoiceSaysWhatIsMissing() {
    service.networks.add(network("n1", "backend", List.of()));
    model.refresh();

    model.connect(model.rowsProperty().getFirst(), null);
    assertThat(model.errorProperty().get()).isEqualTo("Choose a container first.");
    model.connect(null, "api");
    assertThat(model.errorProperty().get()).isEqualTo("Select a network first.");
    assertThat(service.calls).containsExactly("list");
  }

  @Test
  void aSuccessfulCommandClearsTheLastError() {
    service.networks.add(network("n1", "backend", List.of()));
    model.refresh();
    service.failNext =
        new EngineException(
            "Connecting api to network n1 failed: the engine said: No such container: api");
    model.connect(model.rowsProperty().getFirst(), "api");
    assertThat(model.errorProperty().get()).contains("No such container");

    model.connect(model.rowsProperty().getFirst(), "web");

    assertThat(model.errorProperty().get()).isEmpty();
  }

  @Test
  void aFilterThatMatchesNothingSaysSo() {
    service.networks.add(network("n1", "backend", List.of("10.5.0.0/16"), "api"));
    model.refresh();

    model.filterProperty().set("frontend");
    assertThat(model.rowsProperty()).isEmpty();
    assertThat(model.placeholderProperty().get())
        .isEqualTo("No network matches “frontend”. Clear the filter to see them all.");
    model.filterProperty().set("");
    assertThat(model.placeholderProperty().get()).startsWith("No networks on this engine");
  }

  @Test
  void aNetworkWithManyContainersShowsHowManyAndListsTheFirstOnHover() {
    var names =
        IntStream.range(0, 1_000)
            .mapToObj(i -> String.format("web-%04d", i))
            .toArray(String[]::new);
    service.networks.add(network("n1", "crowded", List.of(), names));
    service.networks.add(network("n2", "single", List.of(), "api"));
    service.networks.add(network("n3", "empty", List.of()));
    model.refresh();

    var crowded =
        model.rowsProperty().stream()
            .filter(r -> r.name().equals("crowded"))
            .findFirst()
            .orElseThrow();
    assertThat(crowded.containersCount()).isEqualTo("1000 containers");
    assertThat(crowded.containersList(30).lines().toList())
        .hasSize(31)
        .startsWith("web-0000")
        .endsWith("… and 970 more");
    assertThat(model.rowsProperty().stream().map(NetworkRow::containersCount).toList())
        .containsExactly("1000 containers", "api", "—");
  }
}
