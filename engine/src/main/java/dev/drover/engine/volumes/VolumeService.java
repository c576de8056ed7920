package dev.drover.engine.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.EngineHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The engine's volumes: list them with their size and users, create, remove and prune. Blocking
 * calls for a background thread; every failure is an {@link EngineException} whose message a user
 * can act on.
 *
 * <p>Not final so view model tests can stand in a fake; it holds no state besides the clients.
 */
public final class VolumeService {

  /**
   * The local driver's rule, which the Docker CLI applies too: two or more characters, starting
   * alphanumeric.
   */
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

  private final EngineClients clients;
  private final EngineHttp http = new EngineHttp();

  public VolumeService(EngineClients clients) {
    this.clients = clients;
  }

  /** Every volume, sorted by name, with sizes when the engine reports them. */
  public List<VolumeSummary> list() {
    return call(
        "Listing volumes",
        () -> {
          var docker = clients.requests();
          var volumes = docker.listVolumesCmd().exec().getVolumes();
          if (volumes == null || volumes.isEmpty()) return List.of();
          var users = usersByVolume(docker.listContainersCmd().withShowAll(true).exec());
          var usage = diskUsage(docker);
          return volumes.stream()
              .map(
                  v -> {
                    var df = usage.get(v.getName());
                    return new VolumeSummary(
                        v.getName(),
                        v.getDriver(),
                        v.getMountpoint(),
                        df == null ? null : df.created(),
                        df == null ? -1 : df.sizeBytes(),
                        users.getOrDefault(v.getName(), List.of()));
                  })
              .sorted(Comparator.comparing(VolumeSummary::name))
              .toList();
        });
  }

  /** Creates a named volume with the default driver. */
  public void create(String name) {
    create(name, Map.of());
  }

  /** Creates a named volume carrying {@code labels} (prune can be limited to a label). */
  public void create(String name, Map<String, String> labels) {
    var checked = checkName(name);
    call(
        "Creating volume " + checked,
        () -> {
          var docker = clients.requests();
          var existing =
              docker.listVolumesCmd().withFilter("name", List.of(checked)).exec().getVolumes();
          // The engine answers an existing name with success, silently; a user asking for a new one
          // should know.
          if (existing != null && existing.stream().anyMatch(v -> v.getName().equals(checked))) {
            throw new EngineException("A volume named " + checked + " already exists.");
          }
          docker.createVolumeCmd().withName(checked).withLabels(labels).exec();
          return null;
        });
  }

  /**
   * Removes a volume no container mounts; refuses one in use, naming the containers that use it.
   */
  public void remove(String name) {
    call(
        "Removing volume " + name,
        () -> {
          var docker = clients.requests();
          var users =
              usersByVolume(
                      docker
                          .listContainersCmd()
                          .withShowAll(true)
                          .withVolumeFilter(List.of(name))
                          .exec())
                  .getOrDefault(name, List.of());
          if (!users.isEmpty()) {
            throw new EngineException(
                "Volume "
                    + name
                    + " is used by "
                    + (users.size() == 1 ? "container " : "containers ")
                    + String.join(", ", users)
                    + ". Remove "
                    + (users.size() == 1 ? "that container" : "those containers")
                    + " first.");
          }
          docker.removeVolumeCmd(name).exec();
          return null;
        });
  }

  /** Removes every volume no container uses, named or anonymous. */
  public PruneResult prune() {
    return prune(null);
  }

  /**
   * Removes the unused volumes carrying {@code label} ("key" or "key=value"); null for every unused
   * volume.
   */
  public PruneResult prune(String label) {
    return call(
        "Pruning volumes",
        () -> {
          var docker = clients.requests();
          var filters = new LinkedHashMap<String, List<String>>();
          if (label != null) filters.put("label", List.of(label));
          // Since API 1.42 prune keeps named volumes unless asked for all; older engines reject the
          // filter.
          if (apiAtLeast(docker.versionCmd().exec().getApiVersion(), 1, 42))
            filters.put("all", List.of("true"));
          var path = "/volumes/prune";
          if (!filters.isEmpty())
            path += "?filters=" + URLEncoder.encode(filtersJson(filters), StandardCharsets.UTF_8);
          var answer = http.call(docker, Method.POST, path);
          var removed = new ArrayList<String>();
          answer.path("VolumesDeleted").forEach(n -> removed.add(n.asText()));
          return new PruneResult(removed, answer.path("SpaceReclaimed").asLong(0));
        });
  }

  /**
   * Checks a name as the engine will, so the user hears about a bad one before anything is sent.
   */
  public static String checkName(String name) {
    var trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()) throw new EngineException("Enter a name for the volume.");
    if (!VOLUME_NAME.matcher(trimmed).matches()) {
      throw new EngineException(
          "\""
              + trimmed
              + "\" is not a valid volume name: use at least two characters, "
              + "letters, digits, '_', '.' or '-', starting with a letter or digit.");
    }
    return trimmed;
  }

  private record Usage(Instant created, long sizeBytes) {}

  /**
   * Sizes come from the engine's disk-usage report; an engine that cannot give one leaves them
   * unknown.
   */
  private Map<String, Usage> diskUsage(DockerClient docker) {
    try {
      // type=volume spares newer engines from sizing images and build cache; older ones ignore it.
      var df = http.call(docker, Method.GET, "/system/df?type=volume");
      var usage = new HashMap<String, Usage>();
      for (JsonNode v : df.path("Volumes")) {
        var size = v.path("UsageData").path("Size").asLong(-1);
        usage.put(
            v.path("Name").asText(),
            new Usage(instant(v.path("CreatedAt").asText(null)), size < 0 ? -1 : size));
      }
      return usage;
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(VolumeService.class).debug("volume sizes unavailable", e);
      return Map.of();
    }
  }

  private static Map<String, List<String>> usersByVolume(List<Container> containers) {
    var users = new HashMap<String, TreeSet<String>>();
    for (var container : containers) {
      if (container.getMounts() == null) continue;
      for (var mount : container.getMounts()) {
        var volume = mount.getName();
        if (volume == null || volume.isEmpty())
          continue; // bind mounts and tmpfs have no volume name
        users.computeIfAbsent(volume, k -> new TreeSet<>()).add(containerName(container));
      }
    }
    var result = new HashMap<String, List<String>>();
    users.forEach((volume, names) -> result.put(volume, List.copyOf(names)));
    return result;
  }

  static String containerName(Container c) {
    var names = c.getNames();
    if (names == null || names.length == 0)
      return c.getId().substring(0, Math.min(12, c.getId().length()));
    return Arrays.stream(names)
        .map(n -> n.startsWith("/") ? n.substring(1) : n)
        .sorted()
        .findFirst()
        .orElseThrow();
  }

  static boolean apiAtLeast(String version, int major, int minor) {
    if (version == null) return false;
    var parts = version.split("\\.");
    try {
      var ma = Integer.parseInt(parts[0]);
      var mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String filtersJson(Map<String, List<String>> filters) {
    var json = new StringBuilder("{");
    filters.forEach(
        (key, values) -> {
          if (json.length() > 1) json.append(',');
          json.append(quote(key)).append(":[");
          for (int i = 0; i < values.size(); i++)
            json.append(i > 0 ? "," : "").append(quote(values.get(i)));
          json.append(']');
        });
    return json.append('}').toString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private <T> T call(String action, Supplier<T> work) {
    try {
      return work.get();
    } catch (EngineException e) {
      throw e;
    } catch (EngineHttp.Refused e) {
      throw new EngineException(action + " failed: the engine said: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw clients.failure(action, e);
    }
  }
}
