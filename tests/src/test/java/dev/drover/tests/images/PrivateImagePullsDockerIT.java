package dev.drover.tests.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.drover.engine.EngineClients;
import dev.drover.engine.containers.ContainerService;
import dev.drover.engine.containers.RunSpec;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.images.ImageBuilds;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.tests.support.PasswordRegistry;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pull Drover makes sends the login the Images page saved, not only the Images page's own
 * Pull: "Run a container" and a build whose {@code FROM} names the image, against a registry that
 * demands a password.
 */
class PrivateImagePullsDockerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private static PasswordRegistry registry;
  private static DockerClient docker;
  private static EngineClients clients;

  @TempDir Path dockerConfig;
  @TempDir Path buildFolder;

  private RegistryCredentials logins;
  private String privateImage;
  private final List<String> leftovers = new ArrayList<>();

  @BeforeAll
  static void startPasswordProtectedRegistry() throws Exception {
    registry = PasswordRegistry.start();
    docker = TestEngine.client();
    clients = new EngineClients(TestEngine::endpoint);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) registry.close();
    if (clients != null) clients.close();
    if (docker != null) docker.close();
  }

  /**
   * A private image on the registry only: logged in as the Images page does, pushed, then removed
   * here.
   */
  @BeforeEach
  void pushPrivateImage() throws Exception {
    logins = new RegistryCredentials(dockerConfig, clients);
    logins.login(registry.address(), PasswordRegistry.USER, registry.password());
    var repository = registry.address() + "/drover-test/" + TestEngine.uniqueName("private");
    privateImage = repository + ":1";
    docker.tagImageCmd(TestImages.busybox(docker), repository, "1").exec();
    new DockerImageService(clients, logins).push(privateImage, progress -> {}).await(PATIENCE);
    docker.removeImageCmd(privateImage).exec();
    leftovers.add(privateImage);
  }

  @AfterEach
  void cleanUp() {
    for (var leftover : leftovers.reversed()) {
      try {
        if (leftover.startsWith("container:"))
          TestEngine.removeQuietly(docker, leftover.substring("container:".length()));
        else docker.removeImageCmd(leftover).withForce(true).exec();
      } catch (NotFoundException alreadyGone) {
        // Never made, or removed by the test.
      }
    }
  }

  @Test
  void runPullsAPrivateImageWithTheSavedLogin() {
    var name = TestEngine.uniqueName("private-run");
    leftovers.add("container:" + name);
    var images = new DockerImageService(clients, logins);
    var containers = new ContainerService(clients, () -> images);
    var steps = new ArrayList<String>();

    var id =
        containers.run(
            new RunSpec(
                privateImage,
                name,
                List.of(),
                Map.of(),
                List.of(),
                List.of("sleep", "300"),
                RunSpec.RestartPolicy.NO,
                null,
                false),
            steps::add);

    assertThat(steps).contains("Pulling " + privateImage + "…");
    assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isTrue();
    assertThat(docker.inspectImageCmd(privateImage).exec().getRepoTags()).contains(privateImage);
  }

  @Test
  void buildPullsAPrivateBaseImageWithTheSavedLogin() throws Exception {
    Files.writeString(
        buildFolder.resolve("Dockerfile"),
        """
                FROM %s
                LABEL built-by=drover-test
                """
            .formatted(privateImage));
    var tag = "drover-test/" + TestEngine.uniqueName("from-private") + ":1";
    leftovers.add(tag);
    var output = new ArrayList<String>();

    var id =
        new ImageBuilds(clients, logins)
            .build(buildFolder, "Dockerfile", tag, output::add)
            .await(PATIENCE);

    assertThat(docker.inspectImageCmd(tag).exec().getId())
        .as("built, output: %s", output)
        .isEqualTo(id);
    assertThat(docker.inspectImageCmd(privateImage).exec().getRepoTags()).contains(privateImage);
  }
}
