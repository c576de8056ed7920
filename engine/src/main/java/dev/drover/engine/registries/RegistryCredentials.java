package dev.drover.engine.registries;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry logins kept where and how the Docker CLI keeps them: {@code config.json} in the Docker
 * config folder ({@code $DOCKER_CONFIG} or {@code ~/.docker}), with passwords either base64-encoded
 * under {@code auths} or handed to a credential helper ({@code credsStore} / {@code credHelpers},
 * i.e. {@code docker-credential-<name>}). Every other key in the file is left as it was; writes
 * replace the file atomically with mode 0600.
 */
public final class RegistryCredentials {

  /** The key the CLI uses for Docker Hub. */
  public static final String DOCKER_HUB = "https://index.docker.io/v1/";

  private static final long HELPER_TIMEOUT_SECONDS = 30;
  private static final Logger LOG = LoggerFactory.getLogger(RegistryCredentials.class);

  private final Path folder;
  private final CredentialCheck check;
  private final List<Path> helperPath;
  private final List<String> helperExtensions;
  // Made on first use: the Images page builds this service on the FX thread, and a mapper is slow
  // to load.
  private ObjectMapper json;

  /**
   * Verifies a login before it is saved; throws {@link EngineException} with the reason when it is
   * refused.
   */
  @FunctionalInterface
  public interface CredentialCheck {
    void verify(AuthConfig login);
  }

  /**
   * Logins in {@code dockerConfigFolder}, verified against the engine of {@code clients}, helpers
   * from $PATH.
   */
  public RegistryCredentials(Path dockerConfigFolder, EngineClients clients) {
    this(dockerConfigFolder, engineCheck(clients), systemPath());
  }

  /**
   * @param check verifies a login before it is saved
   * @param helperPath folders searched, in order, for {@code docker-credential-<name>}
   */
  public RegistryCredentials(
      Path dockerConfigFolder, CredentialCheck check, List<Path> helperPath) {
    this.folder = dockerConfigFolder;
    this.check = check;
    this.helperPath = List.copyOf(helperPath);
    this.helperExtensions =
        executableExtensions(System.getProperty("os.name"), System.getenv("PATHEXT"));
  }

  /** The CLI's folder on this machine: {@code $DOCKER_CONFIG}, else {@code ~/.docker}. */
  public static RegistryCredentials forThisMachine(EngineClients clients) {
    return new RegistryCredentials(defaultFolder(), clients);
  }

  public static Path defaultFolder() {
    var configured = System.getenv("DOCKER_CONFIG");
    if (configured != null && !configured.isBlank()) return Path.of(configured);
    return Path.of(System.getProperty("user.home"), ".docker");
  }

  /**
   * Checks a login with the engine's {@code POST /auth}, so the engine's own words explain a
   * refusal. Sent on the client's transport: docker-java 3.7's {@code authCmd()} insists on a
   * username in the client's configuration before {@code withAuthConfig} can replace it.
   */
  public static CredentialCheck engineCheck(EngineClients clients) {
    return login -> {
      var action = "Logging in to " + login.getRegistryAddress();
      EngineEndpoint endpoint = null;
      try {
        endpoint = clients.endpoint();
        if (!(clients.requests() instanceof DockerClientImpl impl)) {
          throw new EngineException(
              action + " failed: this engine client cannot send a login check.");
        }
        var body = DockerClientConfig.getDefaultObjectMapper().writeValueAsBytes(login);
        var request =
            DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/auth")
                .putHeader("Content-Type", "application/json")
                .body(new ByteArrayInputStream(body))
                .build();
        try (var response = impl.getHttpClient().execute(request)) {
          var answer = response.getBody().readAllBytes();
          if (response.getStatusCode() / 100 == 2) return;
          var message = "";
          try {
            message = new ObjectMapper().readTree(answer).path("message").asText("");
          } catch (IOException notJson) {
            message = new String(answer, StandardCharsets.UTF_8).strip();
          }
          throw new EngineException(
              action
                  + " failed: the engine said: "
                  + (message.isBlank() ? "status " + response.getStatusCode() : message));
        }
      } catch (IOException e) {
        throw EngineException.of(action, e, endpoint);
      } catch (RuntimeException e) {
        throw EngineException.of(action, e, endpoint);
      }
    };
  }

  private static List<Path> systemPath() {
    var path = System.getenv("PATH");
    if (path == null) return List.of();
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .toList();
  }

  /**
   * What a program name is completed with to find it in a folder: on Windows the extensions of
   * {@code PATHEXT} (as the Docker CLI finds {@code docker-credential-wincred.exe}), elsewhere
   * nothing.
   */
  static List<String> executableExtensions(String osName, String pathext) {
    if (osName == null || !osName.startsWith("Windows")) return List.of("");
    var extensions = pathext == null || pathext.isBlank() ? ".COM;.EXE;.BAT;.CMD" : pathext;
    return Arrays.stream(extensions.split(";"))
        .map(String::strip)
        .filter(extension -> !extension.isEmpty())
        .map(extension -> extension.toLowerCase(Locale.ROOT))
        .toList();
  }

  /** The first executable {@code program} plus one of {@code extensions}, folder by folder. */
  static Optional<Path> findHelper(List<Path> folders, String program, List<String> extensions) {
    return folders.stream()
        .flatMap(
            folder -> extensions.stream().map(extension -> folder.resolve(program + extension)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  public Path configFile() {
    return folder.resolve("config.json");
  }

  /**
   * The key a registry is stored under, as the CLI writes it: Docker Hub's names become {@link
   * #DOCKER_HUB}, any other registry its host[:port] without scheme or path.
   */
  public static String registryKey(String registry) {
    if (registry == null || registry.isBlank()) return DOCKER_HUB;
    var host = hostname(registry.strip());
    return switch (host.toLowerCase(Locale.ROOT)) {
      case "docker.io", "index.docker.io", "registry-1.docker.io" -> DOCKER_HUB;
      default -> host;
    };
  }

  /** The registry an image reference is pulled from or pushed to, as a {@link #registryKey key}. */
  public static String registryOf(String imageReference) {
    var reference = imageReference == null ? "" : imageReference.strip();
    var slash = reference.indexOf('/');
    if (slash < 0) return DOCKER_HUB;
    var first = reference.substring(0, slash);
    // The CLI's rule: a first component is a registry when it has a dot, a port, or is localhost.
    var isDomain =
        first.contains(".")
            || first.contains(":")
            || first.equals("localhost")
            || !first.equals(first.toLowerCase(Locale.ROOT));
    return isDomain ? registryKey(first) : DOCKER_HUB;
  }

  /** The CLI's ConvertToHostname: no scheme, nothing after the first slash. */
  private static String hostname(String address) {
    var host = address;
    if (host.startsWith("http://")) host = host.substring("http://".length());
    else if (host.startsWith("https://")) host = host.substring("https://".length());
    var slash = host.indexOf('/');
    return slash < 0 ? host : host.substring(0, slash);
  }

  /** The registries with a saved login, sorted. */
  public synchronized List<String> registries() {
    var auths = read().path("auths");
    var names = new ArrayList<String>();
    auths.fieldNames().forEachRemaining(names::add);
    names.sort(null);
    return names;
  }

  /**
   * Verifies the login with the engine, then saves it: through the registry's credential helper
   * when one is configured (leaving an empty entry under {@code auths}, as the CLI does), else
   * base64-encoded in the file. A refused login saves nothing.
   */
  public synchronized void login(String registry, String username, String password) {
    if (username == null || username.isBlank())
      throw new EngineException("Enter a user name to log in.");
    if (password == null || password.isEmpty())
      throw new EngineException("Enter a password or access token to log in.");
    var key = registryKey(registry);
    var config = read();
    check.verify(
        new AuthConfig().withRegistryAddress(key).withUsername(username).withPassword(password));

    var auths = auths(config);
    var helper = helperFor(config, key);
    if (helper.isPresent()) {
      var body =
          json()
              .createObjectNode()
              .put("ServerURL", key)
              .put("Username", username)
              .put("Secret", password);
      runHelper(helper.get(), "store", body.toString(), "Saving the login for " + key);
      auths.set(key, json().createObjectNode());
    } else {
      var entry =
          auths.path(key) instanceof ObjectNode existing ? existing : json().createObjectNode();
      entry.put(
          "auth",
          Base64.getEncoder()
              .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
      auths.set(key, entry);
    }
    write(config);
  }

  /**
   * Forgets the login for {@code registry}: erased from its credential helper, if any, and from the
   * file.
   */
  public synchronized void logout(String registry) {
    var key = registryKey(registry);
    var config = read();
    var helper = helperFor(config, key);
    if (helper.isPresent()) runHelper(helper.get(), "erase", key, "Removing the login for " + key);
    if (config.path("auths") instanceof ObjectNode auths && auths.has(key)) {
      auths.remove(key);
      write(config);
    }
  }

  /**
   * The saved login for the registry {@code imageReference} lives on (Docker Hub when it names
   * none), for the engine's {@code X-Registry-Auth}; empty when there is none.
   */
  public synchronized Optional<AuthConfig> authFor(String imageReference) {
    return loginFor(read(), registryOf(imageReference));
  }

  /**
   * The saved logins for the registries {@code imageReferences} are pulled from (Docker Hub for a
   * reference that names none), for a build's base images. Only registries with a login saved in
   * the file are read, so no other credential helper runs: some go online, some ask for a
   * passphrase. A login that cannot be read (a helper missing, an entry damaged) is left out rather
   * than failing a build that may not need it; the registry then refuses in its own words.
   */
  public synchronized AuthConfigurations forImages(Collection<String> imageReferences) {
    var logins = new AuthConfigurations();
    if (imageReferences.isEmpty()) return logins;
    var config = read();
    var saved = new TreeSet<String>();
    config.path("auths").fieldNames().forEachRemaining(name -> saved.add(registryKey(name)));
    config.path("credHelpers").fieldNames().forEachRemaining(name -> saved.add(registryKey(name)));
    var wanted = new TreeSet<String>();
    for (var reference : imageReferences) wanted.add(registryOf(reference));
    wanted.retainAll(saved);
    for (var key : wanted) {
      try {
        loginFor(config, key).ifPresent(logins::addConfig);
      } catch (EngineException unreadable) {
        LOG.warn("A build goes without the login for {}: {}", key, unreadable.getMessage());
      }
    }
    return logins;
  }

  private Optional<AuthConfig> loginFor(ObjectNode config, String key) {
    var helper = helperFor(config, key);
    if (helper.isPresent()) {
      var found = helperGet(helper.get(), key);
      if (found.isPresent()) return found;
    }
    var entry = findEntry(config.path("auths"), key);
    if (entry == null) return Optional.empty();
    var auth = new AuthConfig().withRegistryAddress(key);
    var encoded = entry.path("auth").asText("");
    if (!encoded.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new EngineException(
            "The saved login for " + key + " in " + configFile() + " is damaged; log in again.");
      }
      var colon = decoded.indexOf(':');
      if (colon < 0)
        throw new EngineException(
            "The saved login for " + key + " in " + configFile() + " is damaged; log in again.");
      auth.withUsername(decoded.substring(0, colon)).withPassword(decoded.substring(colon + 1));
    }
    var token = entry.path("identitytoken").asText("");
    if (!token.isEmpty()) auth.withIdentityToken(token);
    if (auth.getUsername() == null && auth.getIdentitytoken() == null) return Optional.empty();
    return Optional.of(auth);
  }

  /** The entry for {@code key}, also when the file spells the registry with a scheme or path. */
  private static JsonNode findEntry(JsonNode auths, String key) {
    if (auths.has(key)) return auths.get(key);
    var names = auths.fieldNames();
    while (names.hasNext()) {
      var name = names.next();
      if (registryKey(name).equals(key)) return auths.get(name);
    }
    return null;
  }

  private Optional<String> helperFor(JsonNode config, String key) {
    var helpers = config.path("credHelpers");
    var specific = helpers.path(key).asText("");
    if (specific.isEmpty()) {
      var names = helpers.fieldNames();
      while (names.hasNext() && specific.isEmpty()) {
        var name = names.next();
        if (registryKey(name).equals(key)) specific = helpers.path(name).asText("");
      }
    }
    if (!specific.isEmpty()) return Optional.of(specific);
    var store = config.path("credsStore").asText("");
    return store.isEmpty() ? Optional.empty() : Optional.of(store);
  }

  private Optional<AuthConfig> helperGet(String helper, String key) {
    var result = run(helper, "get", key, "Reading the login for " + key);
    if (result.exit() != 0) {
      // The helpers' protocol: "credentials not found" means no login, not a failure.
      if (result.output().toLowerCase(Locale.ROOT).contains("credentials not found"))
        return Optional.empty();
      throw new EngineException(
          "Reading the login for "
              + key
              + " failed: docker-credential-"
              + helper
              + " said: "
              + result.output());
    }
    JsonNode answer;
    try {
      answer = json().readTree(result.stdout());
    } catch (JsonProcessingException e) {
      throw new EngineException(
          "Reading the login for "
              + key
              + " failed: docker-credential-"
              + helper
              + " gave no valid answer.");
    }
    var user = answer.path("Username").asText("");
    var secret = answer.path("Secret").asText("");
    if (secret.isEmpty()) return Optional.empty();
    var auth = new AuthConfig().withRegistryAddress(key);
    // The protocol's marker for an identity token instead of a password.
    if (user.equals("<token>")) return Optional.of(auth.withIdentityToken(secret));
    return Optional.of(auth.withUsername(user).withPassword(secret));
  }

  private void runHelper(String helper, String verb, String input, String action) {
    var result = run(helper, verb, input, action);
    if (result.exit() != 0) {
      throw new EngineException(
          action
              + " failed: docker-credential-"
              + helper
              + " said: "
              + (result.output().isEmpty() ? "exit status " + result.exit() : result.output()));
    }
  }

  private record Outcome(int exit, String stdout, String stderr) {
    String output() {
      return (stdout.strip() + " " + stderr.strip()).strip();
    }
  }

  private Outcome run(String helper, String verb, String input, String action) {
    var program = "docker-credential-" + helper;
    var executable =
        findHelper(helperPath, program, helperExtensions)
            .orElseThrow(
                () ->
                    new EngineException(
                        action
                            + " failed: the credential helper "
                            + program
                            + " named in "
                            + configFile()
                            + " is not installed (not found on the PATH)."));
    try {
      var process = new ProcessBuilder(executable.toString(), verb).start();
      // Read stderr while stdout is read: a helper that fills one pipe waits until it is emptied.
      var stderr = new CompletableFuture<byte[]>();
      Thread.ofVirtual()
          .name(program + "-stderr")
          .start(
              () -> {
                try (var errors = process.getErrorStream()) {
                  stderr.complete(errors.readAllBytes());
                } catch (IOException e) {
                  stderr.completeExceptionally(e);
                }
              });
      try (var stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      var stdout = process.getInputStream().readAllBytes();
      if (!process.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new EngineException(
            action
                + " failed: "
                + program
                + " did not answer within "
                + HELPER_TIMEOUT_SECONDS
                + " s.");
      }
      return new Outcome(
          process.exitValue(),
          new String(stdout, StandardCharsets.UTF_8),
          new String(stderr.get(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new EngineException(
          action + " failed: " + program + " could not be run: " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw new EngineException(
          action + " failed: " + program + "'s errors could not be read: " + e.getCause(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(action + " was interrupted.", e);
    }
  }

  private ObjectNode read() {
    var file = configFile();
    if (!Files.exists(file)) return json().createObjectNode();
    try {
      var text = Files.readString(file);
      if (text.isBlank()) return json().createObjectNode();
      if (json().readTree(text) instanceof ObjectNode config) return config;
      throw new EngineException(file + " does not hold a JSON object; fix or remove it.");
    } catch (JsonProcessingException e) {
      throw new EngineException(
          file + " is not valid JSON (" + e.getOriginalMessage() + "); fix or remove it.", e);
    } catch (IOException e) {
      throw new EngineException("Reading " + file + " failed: " + e.getMessage(), e);
    }
  }

  private ObjectNode auths(ObjectNode config) {
    if (config.path("auths") instanceof ObjectNode auths) return auths;
    var auths = json().createObjectNode();
    config.set("auths", auths);
    return auths;
  }

  /** Writes a temp file beside config.json, mode 0600, and renames it over the old one. */
  private void write(ObjectNode config) {
    var file = configFile();
    Path temp = null;
    try {
      Files.createDirectories(folder);
      temp = Files.createTempFile(folder, "config.json().", ".tmp");
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the folder's ACL applies.
      }
      Files.write(temp, json().writeValueAsBytes(config));
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new EngineException("Saving " + file + " failed: " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Only a leftover temp file.
        }
      }
    }
  }

  private synchronized ObjectMapper json() {
    if (json == null) json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    return json;
  }
}
