package dev.drover.tests.images;

import static dev.drover.tests.support.ImagesPaneFixtures.exists;
import static dev.drover.tests.support.ImagesPaneFixtures.removeImageQuietly;
import static dev.drover.tests.support.ImagesPaneFixtures.uniqueImage;
import static dev.drover.tests.support.ImagesPaneFixtures.writerContainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.images.ImageReference;
import dev.drover.engine.images.ImageSummary;
import dev.drover.engine.images.LayerProgress;
import dev.drover.engine.images.PullProgress;
import dev.drover.engine.images.PushProgress;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image service on the shared real dockerd, and the harness's local registry for push and pull.
 */
class ImageServiceDockerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private static DockerClient docker;
  private static String registry;

  private EngineClients clients;
  private DockerImageService images;
  private final List<String> createdImages = new CopyOnWriteArrayList<>();
  private final List<String> createdContainers = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void realParts() throws Exception {
    registry = RealParts.require("DROVER_TEST_REGISTRY", "no local image registry");
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
    images = new DockerImageService(clients);
  }

  @AfterEach
  void cleanUp() {
    createdContainers.forEach(id -> TestEngine.removeQuietly(docker, id));
    createdImages.forEach(id -> removeImageQuietly(docker, id));
    clients.close();
  }

  private static String uniqueRepository(String purpose) {
    return "drover-test/images-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void imagePushedToTheRegistryIsPulledBackWithProgressThatReachesCompletion() throws Exception {
    var local = uniqueRepository("roundtrip");
    var id = uniqueImage(docker, local, "1", Map.of(), 2_000_000);
    createdImages.add(id);
    var remote = registry + "/" + local;
    var reference = remote + ":1";

    images.tag(id, remote, "1");
    var pushed = new CopyOnWriteArrayList<PushProgress>();
    images.push(reference, pushed::add).await(PATIENCE);
    assertThat(pushed.getLast().done()).as("the push finished").isTrue();
    assertThat(pushed.getLast().fraction()).isEqualTo(1.0);
    assertThat(pushed)
        .flatExtracting(PushProgress::layers)
        .extracting(LayerProgress::status)
        .contains("Pushed");

    images.remove(reference, false);
    images.remove(local + ":1", false);
    assertThat(exists(docker, id)).as("the image left the engine with its last name").isFalse();

    var pulled = new CopyOnWriteArrayList<PullProgress>();
    images.pull(reference, pulled::add).await(PATIENCE);

    var last = pulled.getLast();
    assertThat(last.done()).as("the pull finished").isTrue();
    assertThat(last.fraction()).isEqualTo(1.0);
    assertThat(pulled)
        .as("the new layer's download was reported with its size")
        .flatExtracting(PullProgress::layers)
        .anyMatch(l -> l.status().equals("Downloading") && l.total() > 0);
    assertThat(last.layers())
        .as("every layer ends complete or already present")
        .allMatch(LayerProgress::done);
    assertThat(pulled).extracting(PullProgress::fraction).allMatch(f -> f >= 0 && f <= 1);
    assertThat(docker.inspectImageCmd(reference).exec().getId()).isEqualTo(id);
    assertThat(images.list())
        .filteredOn(i -> i.id().equals(id))
        .singleElement()
        .satisfies(i -> assertThat(i.repoTags()).containsExactly(reference));
  }

  @Test
  void cancelledPullEndsAsCancelledNotAsAnError() throws Exception {
    var local = uniqueRepository("cancel");
    var id = uniqueImage(docker, local, "1", Map.of(), 4_000_000);
    createdImages.add(id);
    var remote = registry + "/" + local;
    images.tag(id, remote, "1");
    images.push(remote + ":1", p -> {}).await(PATIENCE);
    removeImageQuietly(docker, id);

    var transfer = images.pull(remote + ":1", p -> {});
    transfer.cancel();

    assertThatThrownBy(() -> transfer.await(PATIENCE))
        .isInstanceOf(CancellationException.class)
        .hasMessage("Pulling " + remote + ":1 was cancelled.");
    assertThat(transfer.cancelled()).isTrue();
  }

  @Test
  void namesAreTheLocalImagesTagsSortedWithoutUntaggedOnes() throws Exception {
    var repository = uniqueRepository("names");
    var id = uniqueImage(docker, repository, "2", Map.of(), 1_000);
    createdImages.add(id);
    docker.tagImageCmd(id, repository, "1").exec();

    var names = images.names();

    assertThat(names).contains(repository + ":1", repository + ":2").isSorted();
    assertThat(names).noneMatch(name -> name.startsWith("<none>"));
  }

  @Test
  void invalidReferenceIsRejectedBeforeTheEngineIsAsked() {
    var asked = new AtomicInteger();
    try (var counting =
        new EngineClients(
            () -> {
              asked.incrementAndGet();
              return TestEngine.endpoint();
            })) {
      var service = new DockerImageService(counting);
      assertThatThrownBy(() -> service.pull("Drover/Not-Lowercase:1", p -> {}))
          .isInstanceOf(ImageReference.InvalidImageReferenceException.class)
          .hasMessage(
              "\"Drover/Not-Lowercase:1\" is not a valid image reference: repository names must be lowercase.");
      assertThatThrownBy(() -> service.push(registry + "/app:bad tag", p -> {}))
          .isInstanceOf(ImageReference.InvalidImageReferenceException.class)
          .hasMessageContaining("must not contain spaces");
    }
    assertThat(asked).hasValue(0);
  }

  @Test
  void pullOfATagTheRegistryLacksFailsInTheEnginesWords() {
    var reference = registry + "/" + uniqueRepository("missing") + ":never-pushed";
    assertThatThrownBy(() -> images.pull(reference, p -> {}).await(PATIENCE))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("Pulling " + reference + " failed: the engine said: ")
        .hasMessageContaining("not found");
  }

  @Test
  void removingAnImageUsedByAContainerIsRefusedUnlessForced() throws Exception {
    var repository = uniqueRepository("in-use");
    var reference = repository + ":1";
    var id = uniqueImage(docker, repository, "1", Map.of(), 1_000);
    createdImages.add(id);
    var container =
        docker
            .createContainerCmd(reference)
            .withName(TestEngine.uniqueName("image-user"))
            .withCmd("true")
            .exec()
            .getId();
    createdContainers.add(container);

    assertThat(images.list())
        .filteredOn(i -> i.id().equals(id))
        .singleElement()
        .extracting(ImageSummary::containersUsing)
        .isEqualTo(1);

    assertThatThrownBy(() -> images.remove(reference, false))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            reference
                + " is used by 1 container (running or stopped). Remove it first, or force the removal.");
    assertThat(exists(docker, id)).as("refused: the image is still there").isTrue();

    images.remove(reference, true);
    assertThat(exists(docker, id)).as("forced: the image is gone").isFalse();
  }

  @Test
  void pruneRemovesADanglingImageMadeHereAndKeepsTaggedOnes() throws Exception {
    var repository = uniqueRepository("prune");
    var label = Map.of("dev.drover.test.prune", UUID.randomUUID().toString());
    var writer = writerContainer(docker, 1_000);
    createdContainers.add(writer);
    var first =
        docker
            .commitCmd(writer)
            .withRepository(repository)
            .withTag("1")
            .withLabels(label)
            .withMessage("first")
            .exec();
    createdImages.add(first);
    // The same name on a second commit leaves the first image without a name: dangling.
    var second =
        docker
            .commitCmd(writer)
            .withRepository(repository)
            .withTag("1")
            .withLabels(label)
            .withMessage("second")
            .exec();
    createdImages.add(second);
    assertThat(second).isNotEqualTo(first);

    assertThat(images.list())
        .filteredOn(i -> i.id().equals(first))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.dangling()).isTrue();
              assertThat(i.repoTags()).containsExactly(ImageSummary.NONE);
            });

    var result = images.pruneDangling(label);

    assertThat(result.imagesRemoved()).isEqualTo(1);
    assertThat(exists(docker, first)).as("the dangling image is pruned").isFalse();
    assertThat(exists(docker, second)).as("the tagged image stays").isTrue();
  }

  @Test
  void inspectAndHistoryDescribeTheImage() throws Exception {
    var repository = uniqueRepository("history");
    var id = uniqueImage(docker, repository, "1", Map.of(), 1_000);
    createdImages.add(id);

    var json = images.inspect(repository + ":1");
    assertThat(json)
        .contains("\"Id\" : \"" + id + "\"")
        .contains(repository + ":1")
        .contains("\n  ");

    var history = images.history(repository + ":1");
    assertThat(history).hasSizeGreaterThanOrEqualTo(2);
    assertThat(history.getFirst().id()).isEqualTo(id);
    assertThat(history).anyMatch(l -> l.createdBy().equals("Drover test image"));

    assertThatThrownBy(() -> images.inspect(repository + ":absent"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("No such image");
  }
}
