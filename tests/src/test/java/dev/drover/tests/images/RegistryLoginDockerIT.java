package dev.drover.tests.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.tests.support.PasswordRegistry;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry logins against a real engine and a second Debian docker-registry that demands a password
 * (htpasswd): the engine checks the login before it is saved, and pull and push send the saved
 * login.
 */
class RegistryLoginDockerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String USER = PasswordRegistry.USER;

  private static PasswordRegistry passwordRegistry;
  private static String password;
  private static String registry;
  private static DockerClient docker;
  private static EngineClients clients;

  @TempDir Path dockerConfig;

  @BeforeAll
  static void startPasswordProtectedRegistry() throws Exception {
    passwordRegistry = PasswordRegistry.start();
    registry = passwordRegistry.address();
    password = passwordRegistry.password();
    docker = TestEngine.client();
    clients = new EngineClients(TestEngine::endpoint);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (passwordRegistry != null) passwordRegistry.close();
    if (clients != null) clients.close();
    if (docker != null) docker.close();
  }

  @Test
  void wrongPasswordIsRefusedInTheEngineWordsAndSavesNothing() throws Exception {
    var original = "{\"auths\": {}, \"psFormat\": \"table {{.Names}}\"}\n";
    Files.writeString(dockerConfig.resolve("config.json"), original);
    var credentials = new RegistryCredentials(dockerConfig, clients);

    assertThatThrownBy(() -> credentials.login(registry, USER, "wrong-password"))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("Logging in to " + registry + " failed: the engine said:")
        .satisfies(
            e -> assertThat(e.getMessage().toLowerCase()).containsAnyOf("unauthorized", "401"));
    assertThat(Files.readString(dockerConfig.resolve("config.json"))).isEqualTo(original);
    assertThat(credentials.registries()).isEmpty();
  }

  @Test
  void storedLoginPushesAndPullsThenLogoutForgetsIt() throws Exception {
    var credentials = new RegistryCredentials(dockerConfig, clients);
    var repository = registry + "/drover-test/" + TestEngine.uniqueName("auth");
    var reference = repository + ":1";
    docker.tagImageCmd(TestImages.busybox(docker), repository, "1").exec();
    try {
      var anonymous = new DockerImageService(clients);
      assertThatThrownBy(() -> anonymous.push(reference, p -> {}).await(PATIENCE))
          .as("the registry refuses a push without a login")
          .isInstanceOf(EngineException.class);

      credentials.login(registry, USER, password);

      var saved = new ObjectMapper().readTree(dockerConfig.resolve("config.json").toFile());
      assertThat(
              new String(
                  Base64.getDecoder()
                      .decode(saved.path("auths").path(registry).path("auth").asText()),
                  StandardCharsets.UTF_8))
          .isEqualTo(USER + ":" + password);
      assertThat(credentials.registries()).containsExactly(registry);

      var images = new DockerImageService(clients, credentials);
      images.push(reference, p -> {}).await(PATIENCE);
      docker.removeImageCmd(reference).exec();
      images.pull(reference, p -> {}).await(PATIENCE);
      assertThat(docker.inspectImageCmd(reference).exec().getRepoTags()).contains(reference);

      credentials.logout(registry);

      assertThat(credentials.registries()).isEmpty();
      assertThat(credentials.authFor(reference)).isEmpty();
      docker.removeImageCmd(reference).exec();
      assertThatThrownBy(() -> images.pull(reference, p -> {}).await(PATIENCE))
          .as("after logout the registry refuses the pull again")
          .isInstanceOf(EngineException.class);
    } finally {
      try {
        docker.removeImageCmd(reference).exec();
      } catch (NotFoundException alreadyGone) {
        // Removed by the test itself.
      }
    }
  }
}
