package dev.drover.engine;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the Docker engine the same way the {@code docker} CLI would, so Drover and a terminal next
 * to it always talk to the same engine.
 *
 * <p>Follows docker/cli {@code cli/command/cli.go}: {@code resolveContextName} for the choice of
 * context and {@code resolveDefaultDockerEndpoint} for what the "default" context means. There is
 * no {@code -H} or {@code --context} flag in a desktop app, so those steps of the CLI have no
 * counterpart here.
 *
 * <p>Everything the resolver reads from the machine is passed in, so tests can use a temporary home
 * instead of the developer's real Docker setup.
 */
public final class EngineEndpointResolver {

  static final String DEFAULT_CONTEXT = "default";
  static final URI UNIX_DEFAULT = URI.create("unix:///var/run/docker.sock");
  static final URI WINDOWS_DEFAULT = URI.create("npipe:////./pipe/docker_engine");

  // Built on first resolve, not with the resolver: the app creates its resolver while the window is
  // still
  // starting, and an ObjectMapper costs a tenth of a second to load.
  private ObjectMapper json;

  private final Map<String, String> environment;
  private final Path userHome;
  private final boolean windows;

  public EngineEndpointResolver(Map<String, String> environment, Path userHome, boolean windows) {
    if (environment == null) throw new IllegalArgumentException("environment must not be null");
    if (userHome == null) throw new IllegalArgumentException("userHome must not be null");
    this.environment = Map.copyOf(environment);
    this.userHome = userHome;
    this.windows = windows;
  }

  /** A resolver looking at this process's environment and the current user's home folder. */
  public static EngineEndpointResolver forThisMachine() {
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    return new EngineEndpointResolver(
        System.getenv(), Path.of(System.getProperty("user.home")), windows);
  }

  /**
   * The engine the docker CLI would use right now.
   *
   * @throws EngineConfigurationException when the Docker configuration names something that is not
   *     there or cannot be read
   */
  public EngineEndpoint resolve() {
    // DOCKER_HOST beats every context, including one selected by DOCKER_CONTEXT: the CLI resolves
    // it
    // to the "default" context, whose endpoint then comes from the environment.
    String dockerHost = env("DOCKER_HOST");
    if (dockerHost != null) {
      return fromDockerHost(dockerHost);
    }
    String contextName = env("DOCKER_CONTEXT");
    if (contextName == null) {
      contextName = currentContextFromConfigFile();
    }
    if (contextName == null || contextName.equals(DEFAULT_CONTEXT)) {
      return platformDefault();
    }
    return fromContext(contextName);
  }

  private EngineEndpoint fromDockerHost(String value) {
    URI host = parseHost(normaliseDockerHost(value), "the DOCKER_HOST environment variable");

    // The CLI's flag defaults: any non-empty DOCKER_TLS_VERIFY / DOCKER_TLS switches TLS on, and
    // the
    // certificates default to the Docker config folder. "0" is taken as off, because users who
    // write
    // DOCKER_TLS_VERIFY=0 mean it and would not understand a verification failure.
    boolean verify = isOn(env("DOCKER_TLS_VERIFY"));
    boolean tls = verify || isOn(env("DOCKER_TLS"));
    String certPath = env("DOCKER_CERT_PATH");
    Optional<Path> material = Optional.empty();
    if (certPath != null) {
      material = Optional.of(Path.of(certPath));
    } else if (tls) {
      material = Optional.of(configDir());
    }
    return new EngineEndpoint(
        "DOCKER_HOST", host, material, verify, EngineEndpoint.Source.DOCKER_HOST);
  }

  /**
   * The CLI accepts a bare "host:port" and means TCP; URI would read "host" as a scheme, so the
   * scheme is added before parsing.
   */
  private static String normaliseDockerHost(String value) {
    String trimmed = value.strip();
    return trimmed.contains("://") ? trimmed : "tcp://" + trimmed;
  }

  private EngineEndpoint platformDefault() {
    return new EngineEndpoint(
        DEFAULT_CONTEXT,
        windows ? WINDOWS_DEFAULT : UNIX_DEFAULT,
        Optional.empty(),
        false,
        EngineEndpoint.Source.PLATFORM_DEFAULT);
  }

  private String currentContextFromConfigFile() {
    Path configFile = configDir().resolve("config.json");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(configFile);
    } catch (NoSuchFileException e) {
      // A fresh machine has no config.json until the first `docker login` or `docker context use`.
      return null;
    } catch (IOException e) {
      throw new EngineConfigurationException(
          "Cannot read the Docker config file "
              + display(configFile)
              + ": "
              + e.getMessage()
              + "; check that it is a readable file",
          e);
    }
    JsonNode root =
        readJson(bytes, configFile, "the Docker config file", "fix the JSON or remove the file");
    if (root == null) {
      // The CLI treats an empty config.json like a missing one.
      return null;
    }
    if (!root.isObject()) {
      throw new EngineConfigurationException(
          "The Docker config file "
              + display(configFile)
              + " must hold a JSON object but holds "
              + describe(root)
              + "; fix or remove it");
    }
    JsonNode current = root.get("currentContext");
    if (current == null || current.isNull()) {
      return null;
    }
    if (!current.isTextual()) {
      throw new EngineConfigurationException(
          "The Docker config file "
              + display(configFile)
              + " has a \"currentContext\" that is "
              + describe(current)
              + " instead of a context name; run `docker context use <name>` to set it again");
    }
    String name = current.asText();
    return name.isEmpty() ? null : name;
  }

  private EngineEndpoint fromContext(String name) {
    String id = contextId(name);
    Path contexts = configDir().resolve("contexts");
    Path metaFile = contexts.resolve("meta").resolve(id).resolve("meta.json");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(metaFile);
    } catch (NoSuchFileException e) {
      throw new EngineConfigurationException(
          "Docker context \""
              + name
              + "\" is selected "
              + selectedBy()
              + " but "
              + display(contexts.resolve("meta"))
              + " has no such context; run `docker context ls`",
          e);
    } catch (IOException e) {
      throw new EngineConfigurationException(
          "Cannot read Docker context \""
              + name
              + "\" from "
              + display(metaFile)
              + ": "
              + e.getMessage()
              + "; check that it is a readable file",
          e);
    }
    String fix = "run `docker context inspect " + name + "`, or remove and recreate the context";
    JsonNode meta = readJson(bytes, metaFile, "Docker context \"" + name + "\" in", fix);
    if (meta == null || !meta.isObject()) {
      throw new EngineConfigurationException(
          "Docker context \""
              + name
              + "\" in "
              + display(metaFile)
              + " must hold a JSON object but holds "
              + (meta == null ? "nothing" : describe(meta))
              + "; "
              + fix);
    }
    JsonNode docker = meta.path("Endpoints").path("docker");
    if (!docker.isObject()) {
      throw new EngineConfigurationException(
          "Docker context \""
              + name
              + "\" in "
              + display(metaFile)
              + " has no docker endpoint (Endpoints.docker); "
              + fix);
    }
    JsonNode hostNode = docker.get("Host");
    if (hostNode == null || !hostNode.isTextual() || hostNode.asText().isBlank()) {
      throw new EngineConfigurationException(
          "Docker context \""
              + name
              + "\" in "
              + display(metaFile)
              + " has no Host for its docker endpoint; "
              + fix);
    }
    JsonNode skipNode = docker.get("SkipTLSVerify");
    if (skipNode != null && !skipNode.isNull() && !skipNode.isBoolean()) {
      throw new EngineConfigurationException(
          "Docker context \""
              + name
              + "\" in "
              + display(metaFile)
              + " has a SkipTLSVerify that is "
              + describe(skipNode)
              + " instead of true or false; "
              + fix);
    }
    URI host =
        parseHost(hostNode.asText(), "Docker context \"" + name + "\" in " + display(metaFile));

    // The CLI keeps certificates next to, not inside, the metadata, under the same hashed folder
    // name.
    Path tlsFolder = contexts.resolve("tls").resolve(id).resolve("docker");
    Optional<Path> material =
        Files.isDirectory(tlsFolder) ? Optional.of(tlsFolder) : Optional.empty();
    boolean verify = material.isPresent() && !(skipNode != null && skipNode.asBoolean(false));
    return new EngineEndpoint(name, host, material, verify, EngineEndpoint.Source.CONTEXT);
  }

  private String selectedBy() {
    return env("DOCKER_CONTEXT") != null
        ? "by the DOCKER_CONTEXT environment variable"
        : "in " + display(configDir().resolve("config.json"));
  }

  /** Null for an empty file, which the CLI accepts; anything unparsable is the user's to fix. */
  private JsonNode readJson(byte[] bytes, Path file, String what, String fix) {
    try {
      JsonNode node = json().readTree(bytes);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JacksonException e) {
      String reason = e.getOriginalMessage();
      var location = e.getLocation();
      if (location != null && location.getLineNr() > 0) {
        reason += " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      }
      throw new EngineConfigurationException(
          capitalise(what) + " " + display(file) + " is not valid JSON: " + reason + "; " + fix, e);
    } catch (IOException e) {
      throw new EngineConfigurationException(
          "Cannot read " + what + " " + display(file) + ": " + e.getMessage(), e);
    }
  }

  private static URI parseHost(String host, String origin) {
    try {
      URI uri = new URI(host);
      if (uri.getScheme() == null) {
        throw new URISyntaxException(host, "no scheme such as unix:// or tcp://");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new EngineConfigurationException(
          "The engine address \""
              + host
              + "\" from "
              + origin
              + " is not a valid address ("
              + e.getReason()
              + "); use a form like unix:///var/run/docker.sock or tcp://host:2376",
          e);
    }
  }

  /**
   * The CLI names context folders by the SHA-256 of the name, so any name is a safe folder name.
   */
  static String contextId(String name) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
  }

  private Path configDir() {
    String override = env("DOCKER_CONFIG");
    return override != null ? Path.of(override) : userHome.resolve(".docker");
  }

  /** Empty variables count as unset, as they do for the CLI. */
  private String env(String name) {
    String value = environment.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  private static boolean isOn(String value) {
    return value != null && !value.equals("0");
  }

  /**
   * Paths under the home folder are shown with "~" because that is how users find them in a shell.
   */
  private String display(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path home = userHome.toAbsolutePath().normalize();
    if (absolute.startsWith(home) && !absolute.equals(home)) {
      return "~" + absolute.getFileSystem().getSeparator() + home.relativize(absolute);
    }
    return path.toString();
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case STRING -> "a string";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String capitalise(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private synchronized ObjectMapper json() {
    if (json == null) json = new ObjectMapper();
    return json;
  }
}
