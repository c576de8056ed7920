package dev.drover.tests.images;

import static dev.drover.tests.support.ImagesPaneFixtures.exists;
import static dev.drover.tests.support.ImagesPaneFixtures.removeImageQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.images.ImageBuilds;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building images from a folder on the shared real dockerd, with the engine's output streamed line
 * by line.
 */
class ImageBuildDockerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  /** The test engine has no bridge network, so RUN steps get none. */
  private static final String NO_NETWORK = "none";

  private static DockerClient docker;

  @TempDir Path folder;

  private EngineClients clients;
  private ImageBuilds builds;
  private final List<String> createdImages = new CopyOnWriteArrayList<>();
  private final List<String> output = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void realEngine() throws Exception {
    docker = TestEngine.client();
    TestImages.busybox(docker);
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (docker != null) docker.close();
  }

  @BeforeEach
  void service() {
    clients = new EngineClients(TestEngine::endpoint);
    builds = new ImageBuilds(clients, RegistryCredentials.forThisMachine(clients));
  }

  @AfterEach
  void cleanUp() {
    createdImages.forEach(id -> removeImageQuietly(docker, id));
    clients.close();
  }

  private static String uniqueTag(String purpose) {
    return "drover-test/build-"
        + purpose
        + "-"
        + UUID.randomUUID().toString().substring(0, 8)
        + ":1";
  }

  @Test
  void folderWithDockerfileBuildsTaggedImageAndStreamsEachStepsOutput() throws Exception {
    var greeting = "hello from drover " + UUID.randomUUID();
    Files.writeString(folder.resolve("hello.txt"), greeting + "\n");
    Files.writeString(
        folder.resolve("Dockerfile"),
        """
                FROM %s
                COPY hello.txt /hello.txt
                RUN cat /hello.txt
                """
            .formatted(TestImages.BUSYBOX));
    var tag = uniqueTag("ok");
    createdImages.add(tag);

    var id = builds.build(folder, "Dockerfile", tag, NO_NETWORK, output::add).await(PATIENCE);
    createdImages.add(id);

    assertThat(output).as("the RUN step's output arrives as its own line").contains(greeting);
    assertThat(output).anyMatch(line -> line.startsWith("Step 2/3 : COPY hello.txt /hello.txt"));
    assertThat(output).anyMatch(line -> line.startsWith("Successfully built"));
    assertThat(output)
        .as("lines come without their newline")
        .noneMatch(line -> line.endsWith("\n"));
    var image = docker.inspectImageCmd(tag).exec();
    assertThat(image.getId()).isEqualTo(id);
    assertThat(image.getRepoTags()).contains(tag);
  }

  @Test
  void dockerfileUnderAnotherNameInTheFolderIsUsed() throws Exception {
    Files.writeString(
        folder.resolve("Build.dockerfile"),
        "FROM " + TestImages.BUSYBOX + "\nLABEL drover.test=build-name\n");
    var tag = uniqueTag("named");
    createdImages.add(tag);

    var id = builds.build(folder, "Build.dockerfile", tag, NO_NETWORK, output::add).await(PATIENCE);
    createdImages.add(id);

    assertThat(docker.inspectImageCmd(tag).exec().getConfig().getLabels())
        .containsEntry("drover.test", "build-name");
  }

  @Test
  void failingStepFailsWithTheEnginesWordsAndLeavesNoTaggedImage() throws Exception {
    Files.writeString(
        folder.resolve("Dockerfile"),
        "FROM " + TestImages.BUSYBOX + "\nRUN echo about to fail && exit 3\n");
    var tag = uniqueTag("fail");
    createdImages.add(tag);

    var build = builds.build(folder, null, tag, NO_NETWORK, output::add);

    assertThatThrownBy(() -> build.await(PATIENCE))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("Building " + tag + " failed: the engine said:")
        .hasMessageContaining("returned a non-zero code: 3");
    assertThat(output).as("output up to the failure is streamed").contains("about to fail");
    assertThat(exists(docker, tag)).isFalse();
  }

  @Test
  void missingDockerfileIsRejectedBeforeTheEngineIsAsked() {
    var tag = uniqueTag("missing");
    // An engine that cannot be reached: a rejection here cannot have come from it.
    var unreachable =
        new ImageBuilds(
            new EngineClients(
                () -> {
                  throw new AssertionError("the engine must not be asked");
                }),
            RegistryCredentials.forThisMachine(clients));

    assertThatThrownBy(() -> unreachable.build(folder, "Dockerfile", tag, output::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "There is no file named \"Dockerfile\" in " + folder.toAbsolutePath().normalize());
    assertThatThrownBy(() -> builds.build(folder.resolve("nope"), "Dockerfile", tag, output::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
    assertThat(output).isEmpty();
    assertThat(exists(docker, tag)).isFalse();
  }

  @Test
  void invalidTagIsRejectedBeforeTheEngineIsAsked() throws Exception {
    Files.writeString(folder.resolve("Dockerfile"), "FROM " + TestImages.BUSYBOX + "\n");

    assertThatThrownBy(() -> builds.build(folder, "Dockerfile", "Drover/Upper:1", output::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repository names must be lowercase");
    assertThat(output).isEmpty();
  }

  @Test
  void dockerignoredFilesAreNotSentToTheEngine() throws Exception {
    Files.writeString(folder.resolve("kept.txt"), "kept");
    Files.writeString(folder.resolve("secret.txt"), "secret");
    Files.writeString(folder.resolve(".dockerignore"), "secret.txt\n");
    Files.writeString(
        folder.resolve("Dockerfile"),
        "FROM " + TestImages.BUSYBOX + "\nCOPY . /ctx/\nRUN ls /ctx\n");
    var tag = uniqueTag("ignore");
    createdImages.add(tag);

    var id = builds.build(folder, "Dockerfile", tag, NO_NETWORK, output::add).await(PATIENCE);
    createdImages.add(id);

    assertThat(output).contains("kept.txt").doesNotContain("secret.txt");
  }
}
