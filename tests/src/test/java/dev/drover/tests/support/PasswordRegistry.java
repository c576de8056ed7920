package dev.drover.tests.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A second Debian docker-registry on a free loopback port that demands a password (htpasswd), as a
 * private registry does; the run's own registry ($DROVER_TEST_REGISTRY) lets anyone in. Stopped and
 * deleted on close.
 */
public final class PasswordRegistry implements AutoCloseable {

  public static final String USER = "drover";
  private static final String REALM = "drover-test";
  private static final int START_ATTEMPTS = 5;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path folder;
  private final Process process;
  private final String address;
  private final String password;

  private PasswordRegistry(Path folder, Process process, String address, String password) {
    this.folder = folder;
    this.process = process;
    this.address = address;
    this.password = password;
  }

  /**
   * Starts a registry and waits until it answers; fails (CI) or skips when the run has no registry.
   * The port is found free and then handed to docker-registry, so another process may take it in
   * between on a busy machine: a start that fails to bind is tried again on another port.
   */
  public static PasswordRegistry start() throws IOException {
    RealParts.require("DROVER_TEST_REGISTRY", "no local image registry");
    var password = "right-" + UUID.randomUUID().toString().substring(0, 8);
    IllegalStateException portsTaken = null;
    for (var attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      var started = startOnAFreePort(password);
      if (started.registry() != null) return started.registry();
      if (portsTaken == null)
        portsTaken =
            new IllegalStateException(
                "docker-registry could not bind a free port in " + START_ATTEMPTS + " attempts");
      portsTaken.addSuppressed(started.bindFailure());
    }
    throw portsTaken;
  }

  /**
   * Either a registry that answers, or why it could not bind its port (another process took it
   * first).
   */
  private record Start(PasswordRegistry registry, RuntimeException bindFailure) {}

  private static Start startOnAFreePort(String password) throws IOException {
    var folder = Files.createTempDirectory("drover-auth-registry");
    var salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Files.writeString(
        folder.resolve("htpasswd"),
        USER + ":" + OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 4) + "\n");
    int port;
    try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    var address = "127.0.0.1:" + port;
    Files.writeString(
        folder.resolve("config.yml"),
        """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s/data
                  delete:
                    enabled: true
                auth:
                  htpasswd:
                    realm: %s
                    path: %s/htpasswd
                http:
                  addr: %s
                """
            .formatted(folder, REALM, folder, address));
    var process =
        new ProcessBuilder("docker-registry", "serve", folder.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("registry.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    var registry = new PasswordRegistry(folder, process, address, password);
    try {
      // Its own realm in the answer: whatever else may have taken the port does not pass for it.
      await("the password-protected registry answering on " + address)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "docker-registry exited: "
                          + Files.readString(folder.resolve("registry.log")));
                }
                return asksForItsPassword(address);
              });
      return new Start(registry, null);
    } catch (RuntimeException notAnswering) {
      var log =
          Files.exists(folder.resolve("registry.log"))
              ? Files.readString(folder.resolve("registry.log"))
              : "";
      try {
        registry.close();
      } catch (Exception cleanUp) {
        notAnswering.addSuppressed(cleanUp);
      }
      if (log.contains("address already in use")) return new Start(null, notAnswering);
      throw notAnswering;
    }
  }

  private static boolean asksForItsPassword(String address) throws InterruptedException {
    try {
      var response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 401
          && response
              .headers()
              .firstValue("WWW-Authenticate")
              .orElse("")
              .contains("realm=\"" + REALM + "\"");
    } catch (IOException notYet) {
      return false;
    }
  }

  /** host:port, as image references and logins name it. */
  public String address() {
    return address;
  }

  /** The password of {@link #USER}, new for each registry. */
  public String password() {
    return password;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS))
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
