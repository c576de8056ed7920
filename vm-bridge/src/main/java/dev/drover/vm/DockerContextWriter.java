package dev.drover.vm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a Docker context the way {@code docker context create} does, so the docker CLI reaches the
 * VM with {@code docker --context drover}. The user's current context (config.json) is never
 * touched.
 *
 * <p>Layout, under $DOCKER_CONFIG or ~/.docker: contexts/meta/&lt;sha256 of name&gt;/meta.json and
 * contexts/tls/&lt;sha256 of name&gt;/docker/{ca,cert,key}.pem.
 */
public final class DockerContextWriter {

  private static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

  private final Path configDir;

  public DockerContextWriter(Path configDir) {
    this.configDir = configDir;
  }

  /** The Docker CLI's configuration folder for this environment. */
  public static DockerContextWriter forEnvironment(Map<String, String> environment, Path userHome) {
    var override = environment.get("DOCKER_CONFIG");
    return new DockerContextWriter(
        override != null && !override.isEmpty() ? Path.of(override) : userHome.resolve(".docker"));
  }

  /**
   * Creates or replaces context {@code name} pointing at {@code host}, with the client certificates
   * of {@code tls}.
   */
  public void write(String name, URI host, Optional<Path> tls, String description)
      throws IOException {
    var id = contextId(name);
    var metaFolder = configDir.resolve("contexts").resolve("meta").resolve(id);
    var tlsFolder = configDir.resolve("contexts").resolve("tls").resolve(id).resolve("docker");
    Files.createDirectories(metaFolder);
    var docker = new LinkedHashMap<String, Object>();
    docker.put("Host", host.toString());
    docker.put("SkipTLSVerify", false);
    var meta =
        Map.of(
            "Name",
            name,
            "Metadata",
            Map.of("Description", description),
            "Endpoints",
            Map.of("docker", docker));
    if (tls.isPresent()) {
      Files.createDirectories(tlsFolder);
      restrict(tlsFolder.getParent(), "rwx------");
      restrict(tlsFolder, "rwx------");
      for (var file : TLS_FILES) {
        var temp = tlsFolder.resolve(file + ".tmp");
        Files.deleteIfExists(temp);
        Files.copy(tls.get().resolve(file), temp);
        restrict(temp, "rw-------");
        Files.move(
            temp,
            tlsFolder.resolve(file),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    }
    var temp = metaFolder.resolve("meta.json.tmp");
    Files.writeString(temp, new ObjectMapper().writeValueAsString(meta), StandardCharsets.UTF_8);
    Files.move(
        temp,
        metaFolder.resolve("meta.json"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes context {@code name}; nothing happens when it does not exist. */
  public void remove(String name) throws IOException {
    var id = contextId(name);
    for (var folder :
        List.of(
            configDir.resolve("contexts").resolve("meta").resolve(id),
            configDir.resolve("contexts").resolve("tls").resolve(id))) {
      if (!Files.exists(folder)) continue;
      try (var paths = Files.walk(folder)) {
        for (var path : paths.sorted(Comparator.reverseOrder()).toList())
          Files.deleteIfExists(path);
      }
    }
  }

  public Path metaFile(String name) {
    return configDir
        .resolve("contexts")
        .resolve("meta")
        .resolve(contextId(name))
        .resolve("meta.json");
  }

  /** The CLI names a context's folders by the SHA-256 of its name. */
  static String contextId(String name) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  private static void restrict(Path path, String permissions) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }
}
