package dev.drover.engine.networks;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The engine's networks: list them with their subnets and containers, create bridge networks,
 * remove them, and connect or disconnect containers. Blocking calls for a background thread; every
 * failure is an {@link EngineException} whose message a user can act on.
 *
 * <p>Not final so view model tests can stand in a fake; it holds no state besides the clients.
 */
public final class NetworkService {

  /**
   * The engine's own networks: removing them is refused by the engine, and by us first, in plainer
   * words.
   */
  public static final Set<String> BUILT_IN = Set.of("bridge", "host", "none");

  private static final Pattern NETWORK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final EngineClients clients;

  public NetworkService(EngineClients clients) {
    this.clients = clients;
  }

  /** Every network, sorted by name. */
  public List<NetworkSummary> list() {
    return call(
        "Listing networks",
        () -> {
          var docker = clients.requests();
          var networks = docker.listNetworksCmd().exec();
          // The list endpoint leaves Containers empty since API 1.28; one container list fills
          // every network.
          var attached = attachedByNetwork(docker.listContainersCmd().withShowAll(true).exec());
          return networks.stream()
              .map(n -> summary(n, attached))
              .sorted(Comparator.comparing(NetworkSummary::name))
              .toList();
        });
  }

  /** The networks and the container names offered for connect and disconnect, read together. */
  public record Listing(List<NetworkSummary> networks, List<String> containerNames) {}

  /**
   * Every network, sorted by name, and every container's name, sorted: from one container list, not
   * two.
   */
  public Listing listing() {
    return call(
        "Listing networks",
        () -> {
          var docker = clients.requests();
          var networks = docker.listNetworksCmd().exec();
          var containers = docker.listContainersCmd().withShowAll(true).exec();
          var attached = attachedByNetwork(containers);
          return new Listing(
              networks.stream()
                  .map(n -> summary(n, attached))
                  .sorted(Comparator.comparing(NetworkSummary::name))
                  .toList(),
              containers.stream().map(NetworkService::containerName).sorted().toList());
        });
  }

  /**
   * Names of every container on the engine, running or not, sorted: the choices for connect and
   * disconnect.
   */
  public List<String> containerNames() {
    return call(
        "Listing containers",
        () ->
            clients.requests().listContainersCmd().withShowAll(true).exec().stream()
                .map(NetworkService::containerName)
                .sorted()
                .toList());
  }

  /**
   * Creates a bridge network; the engine picks a subnet when {@code subnet} is null or blank.
   *
   * @return the new network's id
   */
  public String createBridge(String name, String subnet) {
    var checkedName = checkName(name);
    String checkedSubnet;
    try {
      checkedSubnet = subnet == null || subnet.isBlank() ? null : Cidr.check(subnet);
    } catch (IllegalArgumentException invalid) {
      throw new EngineException(invalid.getMessage(), invalid);
    }
    return call(
        "Creating network " + checkedName,
        () -> {
          var command =
              clients
                  .requests()
                  .createNetworkCmd()
                  .withName(checkedName)
                  .withDriver("bridge")
                  .withCheckDuplicate(true);
          if (checkedSubnet != null) {
            command.withIpam(
                new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(checkedSubnet)));
          }
          return command.exec().getId();
        });
  }

  /**
   * Removes a network; refuses the built-in ones and any with containers attached, saying which.
   */
  public void remove(String id) {
    if (BUILT_IN.contains(id)) throw builtInRefusal(id);
    call(
        "Removing network " + id,
        () -> {
          var docker = clients.requests();
          var network = docker.inspectNetworkCmd().withNetworkId(id).exec();
          if (BUILT_IN.contains(network.getName())) throw builtInRefusal(network.getName());
          var attached = attachedByNetwork(docker.listContainersCmd().withShowAll(true).exec());
          var names = attachedTo(network, attached);
          if (!names.isEmpty()) {
            throw new EngineException(
                "Network "
                    + network.getName()
                    + " has "
                    + (names.size() == 1 ? "container " : "containers ")
                    + String.join(", ", names)
                    + " attached. Disconnect or remove "
                    + (names.size() == 1 ? "it" : "them")
                    + " first.");
          }
          docker.removeNetworkCmd(network.getId()).exec();
          return null;
        });
  }

  /** Attaches a container (id or name) to a network (id or name). */
  public void connect(String networkId, String containerId) {
    call(
        "Connecting " + containerId + " to network " + networkId,
        () -> {
          clients
              .requests()
              .connectToNetworkCmd()
              .withNetworkId(networkId)
              .withContainerId(containerId)
              .exec();
          return null;
        });
  }

  /** Detaches a container (id or name) from a network (id or name). */
  public void disconnect(String networkId, String containerId) {
    call(
        "Disconnecting " + containerId + " from network " + networkId,
        () -> {
          clients
              .requests()
              .disconnectFromNetworkCmd()
              .withNetworkId(networkId)
              .withContainerId(containerId)
              .exec();
          return null;
        });
  }

  /** Checks a network name before anything is sent. */
  public static String checkName(String name) {
    var trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()) throw new EngineException("Enter a name for the network.");
    if (!NETWORK_NAME.matcher(trimmed).matches()) {
      throw new EngineException(
          "\""
              + trimmed
              + "\" is not a valid network name: use letters, digits, '_', '.' "
              + "or '-', starting with a letter or digit.");
    }
    if (BUILT_IN.contains(trimmed)) {
      throw new EngineException(
          "\"" + trimmed + "\" is the name of a built-in network; choose another name.");
    }
    return trimmed;
  }

  private static EngineException builtInRefusal(String name) {
    return new EngineException(
        "Network " + name + " is built into the engine and cannot be removed.");
  }

  private static NetworkSummary summary(Network n, Map<String, TreeSet<String>> attached) {
    var subnets =
        n.getIpam() == null || n.getIpam().getConfig() == null
            ? List.<String>of()
            : n.getIpam().getConfig().stream()
                .map(Network.Ipam.Config::getSubnet)
                .filter(s -> s != null && !s.isBlank())
                .toList();
    return new NetworkSummary(
        n.getId(),
        n.getName(),
        n.getDriver(),
        n.getScope(),
        subnets,
        attachedTo(n, attached),
        BUILT_IN.contains(n.getName()));
  }

  private static List<String> attachedTo(Network n, Map<String, TreeSet<String>> attached) {
    var names = new TreeSet<String>();
    names.addAll(attached.getOrDefault("id:" + n.getId(), new TreeSet<>()));
    names.addAll(attached.getOrDefault("name:" + n.getName(), new TreeSet<>()));
    return List.copyOf(names);
  }

  /**
   * Containers by the networks they are attached to now, keyed "id:…" and "name:…" (an endpoint
   * does not always name the network's id, so both keys are recorded). A stopped container keeps
   * its networks in its settings but has no endpoint on them: it is not counted.
   */
  private static Map<String, TreeSet<String>> attachedByNetwork(List<Container> containers) {
    var attached = new HashMap<String, TreeSet<String>>();
    for (var container : containers) {
      var settings = container.getNetworkSettings();
      if (settings == null || settings.getNetworks() == null) continue;
      var name = containerName(container);
      // dockerd names the endpoint of an attached container; Podman leaves it out, so its state
      // says.
      var live = "running".equals(container.getState()) || "paused".equals(container.getState());
      settings
          .getNetworks()
          .forEach(
              (networkName, endpoint) -> {
                var endpointId = endpoint == null ? null : endpoint.getEndpointId();
                if (!live && (endpointId == null || endpointId.isBlank())) return;
                attached.computeIfAbsent("name:" + networkName, k -> new TreeSet<>()).add(name);
                var networkId = endpoint == null ? null : endpoint.getNetworkID();
                if (networkId != null && !networkId.isBlank()) {
                  attached.computeIfAbsent("id:" + networkId, k -> new TreeSet<>()).add(name);
                }
              });
    }
    return attached;
  }

  private static String containerName(Container c) {
    var names = c.getNames();
    if (names == null || names.length == 0)
      return c.getId().substring(0, Math.min(12, c.getId().length()));
    return Arrays.stream(names)
        .map(n -> n.startsWith("/") ? n.substring(1) : n)
        .sorted()
        .findFirst()
        .orElseThrow();
  }

  private <T> T call(String action, Supplier<T> work) {
    try {
      return work.get();
    } catch (EngineException e) {
      throw e;
    } catch (RuntimeException e) {
      throw clients.failure(action, e);
    }
  }
}
