package dev.drover.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.drover.core.folders.DroverFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's settings.json as everything but the app's settings page reads it: the VM's driver and
 * the {@code drover} command's defaults. Read only and lenient: the app owns the file (its
 * SettingsStore writes it whole and reports each value it refuses), so a missing, unreadable or
 * damaged file, or a missing section, reads as an empty section and each reader takes its defaults.
 */
public final class SettingsFile {

  /** The VM's section: driver, CPUs, memory, disk, engine. */
  public static final String VM = "vm";

  /** The local cluster's section: enabled, k3sVersion, traefik. */
  public static final String KUBERNETES = "kubernetes";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public SettingsFile(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The settings file in the config folder of {@code folders}. */
  public static SettingsFile in(DroverFolders folders) {
    return new SettingsFile(folders.settingsFile());
  }

  public Path path() {
    return file;
  }

  /**
   * The top-level value named {@code name}; a {@link MissingNode} when the file or the value is not
   * there or the file cannot be read as JSON.
   */
  public JsonNode section(String name) {
    try {
      var document = JSON.readTree(Files.readAllBytes(file));
      return document == null ? MissingNode.getInstance() : document.path(name);
    } catch (IOException | RuntimeException e) {
      return MissingNode.getInstance();
    }
  }

  /** The local cluster's choices, each at its default when missing or of the wrong type. */
  public KubernetesChoice kubernetes() {
    return KubernetesChoice.fromJson(section(KUBERNETES));
  }

  /**
   * The Kubernetes choices the command follows.
   *
   * @param k3sVersion the k3s release picked in Settings, as written (the caller checks it is one);
   *     empty for "the recommended one"
   * @param traefik whether k3s runs its bundled Traefik; on by default
   */
  public record KubernetesChoice(Optional<String> k3sVersion, boolean traefik) {

    public KubernetesChoice {
      Objects.requireNonNull(k3sVersion, "k3sVersion");
    }

    public static KubernetesChoice defaults() {
      return new KubernetesChoice(Optional.empty(), true);
    }

    /** The choices in a {@code "kubernetes"} JSON object; each bad or missing one its default. */
    public static KubernetesChoice fromJson(JsonNode kubernetes) {
      var tag = kubernetes.path("k3sVersion");
      var traefik = kubernetes.path("traefik");
      return new KubernetesChoice(
          tag.isTextual() ? Optional.of(tag.asText()) : Optional.empty(),
          !traefik.isBoolean() || traefik.asBoolean());
    }
  }
}
