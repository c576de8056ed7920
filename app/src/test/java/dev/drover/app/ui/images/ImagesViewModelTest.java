package dev.drover.app.ui.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.ResourceKind;
import dev.drover.engine.images.ImageLayer;
import dev.drover.engine.images.ImageReference;
import dev.drover.engine.images.ImageService;
import dev.drover.engine.images.ImageSummary;
import dev.drover.engine.images.ImageTransfer;
import dev.drover.engine.images.LayerProgress;
import dev.drover.engine.images.PruneResult;
import dev.drover.engine.images.PullProgress;
import dev.drover.engine.images.PushProgress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ImagesViewModelTest {

  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

  private final FakeImages images = new FakeImages();
  private final ImagesViewModel model =
      new ImagesViewModel(images, Background.sameThread(), UiDispatcher.immediate());

  private static ImageSummary image(String hex, int users, String... tags) {
    var dangling = tags.length == 0;
    return new ImageSummary(
        "sha256:" + hex,
        dangling ? List.of(ImageSummary.NONE) : List.of(tags),
        1_980_000,
        CREATED,
        users,
        dangling);
  }

  private List<String> shown() {
    return model.rowsProperty().stream().map(ImageRow::reference).toList();
  }

  private ImageRow row(String reference) {
    return model.rowsProperty().stream()
        .filter(r -> r.reference().equals(reference))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void imageEventsReListAndRowsAreSortedByRepositoryWithDanglingLast() {
    images.listed =
        List.of(
            image("c".repeat(64), 0),
            image("b".repeat(64), 2, "zeta/app:1", "alpha/app:2"),
            image("a".repeat(64), 0, "mid:latest"));

    model.resourcesChanged(Set.of(ResourceKind.IMAGES));

    assertThat(shown()).containsExactly("alpha/app:2", "mid:latest", "zeta/app:1", "<none>:<none>");
    var alpha = row("alpha/app:2");
    assertThat(alpha.shortId()).isEqualTo("bbbbbbbbbbbb");
    assertThat(alpha.containersUsing()).isEqualTo(2);
    assertThat(alpha.sizeText()).isEqualTo("1.98 MB");
    assertThat(alpha.removeDeletesImage()).as("the image keeps its other name").isFalse();
    assertThat(row("<none>:<none>").removeTarget()).isEqualTo("sha256:" + "c".repeat(64));
  }

  @Test
  void otherResourceEventsDoNotReList() {
    model.resourcesChanged(Set.of(ResourceKind.VOLUMES, ResourceKind.NETWORKS));
    assertThat(images.lists).isZero();
    model.resourcesChanged(Set.of(ResourceKind.IMAGES, ResourceKind.VOLUMES));
    assertThat(images.lists).isEqualTo(1);
  }

  @Test
  void filterMatchesNameOrIdAndDanglingOnlyShowsUnnamedImages() {
    images.listed =
        List.of(
            image("abc".repeat(21) + "d", 0, "web/frontend:1"),
            image("def".repeat(21) + "e", 0, "db/postgres:17"),
            image("0".repeat(64), 0));
    model.refresh();

    model.filterProperty().set("POSTGRES");
    assertThat(shown()).containsExactly("db/postgres:17");
    model.filterProperty().set("abcabc");
    assertThat(shown()).containsExactly("web/frontend:1");
    model.filterProperty().set("sha256:defdef");
    assertThat(shown()).containsExactly("db/postgres:17");

    model.filterProperty().set("");
    model.danglingOnlyProperty().set(true);
    assertThat(shown()).containsExactly("<none>:<none>");
  }

  @Test
  void aListFailureIsShownAsTheEnginesWords() {
    images.listFailure =
        new EngineException(
            "Listing images failed: connection refused at unix:///x.sock. Is the engine running?");
    model.refresh();
    assertThat(model.errorProperty().get())
        .isEqualTo(
            "Listing images failed: connection refused at unix:///x.sock. Is the engine running?");
  }

  @Test
  void pullReportsLayerProgressThenCompletesAndReLists() {
    images.pullSteps =
        List.of(
            new PullProgress(
                List.of(new LayerProgress("aaa", "Downloading", 500_000, 2_000_000)),
                0.25,
                "Pulling from team/app",
                false),
            new PullProgress(
                List.of(new LayerProgress("aaa", "Pull complete", 0, 0)),
                1.0,
                "Status: Downloaded newer image",
                true));
    var seen = new ArrayList<Double>();
    model.pullProgressProperty().addListener((obs, was, now) -> seen.add(now.doubleValue()));
    images.listed = List.of(image("a".repeat(64), 0, "team/app:1"));

    model.pull(" team/app:1 ");

    assertThat(images.pulled).containsExactly("team/app:1");
    assertThat(seen).startsWith(0.25).endsWith(1.0);
    assertThat(model.pullingProperty().get()).isFalse();
    assertThat(model.pullStatusProperty().get()).isEqualTo("Pulled team/app:1.");
    assertThat(model.pullLayersProperty())
        .containsExactly(new LayerRow("aaa", "Pull complete", ""));
    assertThat(shown()).containsExactly("team/app:1");
    assertThat(model.errorProperty().get()).isEmpty();
  }

  @Test
  void layerRowsShowBytesInHumanUnits() {
    assertThat(LayerRow.of(new LayerProgress("aaa", "Downloading", 1_500_000, 3_400_000)))
        .isEqualTo(new LayerRow("aaa", "Downloading", "1.50 MB / 3.40 MB"));
  }

  @Test
  void anInvalidReferenceIsRejectedWithTheReasonAndNothingIsPulled() {
    model.pull("Team/App");
    assertThat(model.errorProperty().get())
        .isEqualTo(
            "\"Team/App\" is not a valid image reference: repository names must be lowercase.");
    assertThat(images.pulled).isEmpty();
    assertThat(model.pullingProperty().get()).isFalse();
    assertThat(model.pullStatusProperty().get())
        .as("no pull was started, so no progress is shown")
        .isEmpty();
  }

  @Test
  void aRegistryRefusalIsShownInItsOwnWords() {
    images.pullFailure =
        new EngineException(
            "Pulling team/app:9 failed: the engine said: manifest for team/app:9 not found: manifest unknown");
    model.pull("team/app:9");
    assertThat(model.errorProperty().get())
        .endsWith("manifest for team/app:9 not found: manifest unknown");
    assertThat(model.pullingProperty().get()).isFalse();
  }

  @Test
  void cancellingAPullStopsTheTransferAndSaysSo() throws Exception {
    var ended = new CountDownLatch(1);
    var threaded =
        new ImagesViewModel(
            images,
            new Background(Executors.newVirtualThreadPerTaskExecutor(), UiDispatcher.immediate()),
            UiDispatcher.immediate());
    threaded
        .pullingProperty()
        .addListener(
            (obs, was, now) -> {
              if (!now) ended.countDown();
            });
    images.blockPull = true;

    threaded.pull("team/app:1");
    assertThat(images.awaiting.await(10, TimeUnit.SECONDS)).as("the pull is under way").isTrue();
    threaded.cancelPull();

    assertThat(ended.await(10, TimeUnit.SECONDS)).as("the pull ends").isTrue();
    assertThat(images.cancelled).isTrue();
    assertThat(threaded.pullStatusProperty().get()).isEqualTo("Pulling team/app:1 was cancelled.");
    assertThat(threaded.errorProperty().get()).as("a cancel is not an error").isEmpty();
  }

  @Test
  void removeUsesTheNameForATaggedImageAndTheIdForADanglingOne() {
    images.listed = List.of(image("a".repeat(64), 0, "team/app:1"), image("b".repeat(64), 0));
    model.refresh();

    model.remove(row("team/app:1"), false);
    model.remove(row("<none>:<none>"), true);

    assertThat(images.removed)
        .containsExactly("team/app:1 force=false", "sha256:" + "b".repeat(64) + " force=true");
    assertThat(model.noticeProperty().get()).isEqualTo("Removed <none>:<none>.");
  }

  @Test
  void removeOfAnImageInUseIsRefusedWithTheCountAndTheRowSaysItNeedsForce() {
    images.listed = List.of(image("a".repeat(64), 2, "team/app:1"));
    model.refresh();
    var row = row("team/app:1");
    assertThat(row.removeNeedsForce()).isTrue();
    assertThat(row.usedByText()).isEqualTo("2 containers");

    model.remove(row, false);

    assertThat(model.errorProperty().get())
        .isEqualTo(
            "team/app:1 is used by 2 containers (running or stopped). Remove them first, or force the removal.");
    model.remove(row, true);
    assertThat(model.errorProperty().get()).isEmpty();
  }

  @Test
  void pruneSaysHowManyImagesAndBytesItReclaimed() {
    images.pruneResult = new PruneResult(3, 12_300_000);
    model.prune();
    assertThat(model.noticeProperty().get())
        .isEqualTo("Removed 3 dangling images, 12.3 MB reclaimed.");
    assertThat(images.lists).as("the list is read again").isEqualTo(1);

    images.pruneResult = new PruneResult(0, 0);
    model.prune();
    assertThat(model.noticeProperty().get()).isEqualTo("No dangling images to remove.");
  }

  @Test
  void tagSplitsRepositoryAndTagAndRejectsBadNames() {
    images.listed = List.of(image("a".repeat(64), 0, "team/app:1"));
    model.refresh();

    model.tag(row("team/app:1"), "127.0.0.1:5000/team/app:release");
    assertThat(images.tagged)
        .containsExactly("sha256:" + "a".repeat(64) + " -> 127.0.0.1:5000/team/app:release");
    assertThat(model.noticeProperty().get())
        .isEqualTo("Tagged aaaaaaaaaaaa as 127.0.0.1:5000/team/app:release.");

    model.tag(row("team/app:1"), "team/app:bad tag");
    assertThat(model.errorProperty().get()).contains("is not a valid image reference");
    assertThat(images.tagged).hasSize(1);
  }

  @Test
  void sizesReadInTheEnginesDecimalUnits() {
    assertThat(ImageRow.humanBytes(999)).isEqualTo("999 B");
    assertThat(ImageRow.humanBytes(123_456_789)).isEqualTo("123 MB");
  }

  /** An image service that answers from fields, and records what it was asked. */
  private static final class FakeImages implements ImageService {
    List<ImageSummary> listed = List.of();
    RuntimeException listFailure;
    int lists;
    List<PullProgress> pullSteps = List.of();
    RuntimeException pullFailure;
    boolean blockPull;
    volatile boolean cancelled;
    final CountDownLatch awaiting = new CountDownLatch(1);
    final List<String> pulled = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
    final List<String> tagged = new ArrayList<>();
    PruneResult pruneResult = new PruneResult(0, 0);

    @Override
    public List<ImageSummary> list() {
      lists++;
      if (listFailure != null) throw listFailure;
      return listed;
    }

    @Override
    public List<String> names() {
      return listed.stream().flatMap(image -> image.repoTags().stream()).sorted().toList();
    }

    @Override
    public ImageTransfer pull(String reference, Consumer<PullProgress> progress) {
      ImageReference.parse(reference);
      if (pullFailure != null) throw pullFailure;
      pulled.add(reference);
      var release = new CountDownLatch(1);
      return new ImageTransfer() {
        @Override
        public void cancel() {
          cancelled = true;
          release.countDown();
        }

        @Override
        public void await() throws InterruptedException {
          if (blockPull) {
            awaiting.countDown();
            release.await();
          }
          if (cancelled) throw new CancellationException("cancelled");
          pullSteps.forEach(progress);
        }

        @Override
        public void await(Duration timeout) throws InterruptedException {
          await();
        }

        @Override
        public boolean cancelled() {
          return cancelled;
        }
      };
    }

    @Override
    public ImageTransfer push(String reference, Consumer<PushProgress> progress) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void tag(String source, String repository, String tag) {
      tagged.add(source + " -> " + repository + ":" + tag);
    }

    @Override
    public void remove(String idOrReference, boolean force) {
      var image =
          listed.stream()
              .filter(i -> i.id().equals(idOrReference) || i.repoTags().contains(idOrReference))
              .findFirst();
      if (!force && image.isPresent() && image.get().containersUsing() > 0) {
        throw new EngineException(
            idOrReference
                + " is used by "
                + image.get().containersUsing()
                + " containers (running or stopped). Remove them first, or force the removal.");
      }
      removed.add(idOrReference + " force=" + force);
    }

    @Override
    public PruneResult pruneDangling() {
      return pruneResult;
    }

    @Override
    public String inspect(String idOrReference) {
      return "{}";
    }

    @Override
    public List<ImageLayer> history(String idOrReference) {
      return List.of();
    }
  }

  @Test
  void historyIsShownAsDockerHistoryPrintsIt() {
    var text =
        ImagesViewModel.historyText(
            List.of(
                new ImageLayer(
                    "sha256:a",
                    Instant.parse("2026-11-27T14:00:00Z"),
                    "/bin/sh -c echo hi > /x ",
                    2048,
                    ""),
                new ImageLayer("<missing>", Instant.EPOCH, "", 0, "")));
    var lines = text.lines().toList();
    assertThat(lines.getFirst()).startsWith("SIZE").contains("CREATED BY");
    assertThat(lines.get(1)).contains("2026-11-27T14:00:00").endsWith("/bin/sh -c echo hi > /x");
    assertThat(lines.get(2)).contains("  -  ");
  }

  @Test
  void aContainerMadeOrRemovedAfterTheListReadsItAgainSoInUseByIsCurrent() {
    var nginx = new ContainerSummary("c1", "web", "nginx:1.27", "created", "Created", CREATED);
    model.containersChanged(new ContainerUpdate.Reset(List.of()));
    var before = images.lists;
    images.listed = List.of(image("a".repeat(64), 1, "nginx:1.27"));

    model.containersChanged(new ContainerUpdate.Upsert(nginx));
    assertThat(images.lists).as("a new container").isEqualTo(before + 1);
    assertThat(row("nginx:1.27").usedByText()).isEqualTo("1 container");

    model.containersChanged(
        new ContainerUpdate.Upsert(
            new ContainerSummary("c1", "web", "nginx:1.27", "running", "Up 1 second", CREATED)));
    assertThat(images.lists).as("a start changes no count").isEqualTo(before + 1);

    images.listed = List.of(image("a".repeat(64), 0, "nginx:1.27"));
    model.containersChanged(new ContainerUpdate.Removed("c1"));
    assertThat(images.lists).isEqualTo(before + 2);
    assertThat(row("nginx:1.27").usedByText()).isEqualTo("—");
  }

  @Test
  void aBurstOfContainerEventsIsOneUiUpdateAndOneList() {
    var queued = new ArrayList<Runnable>();
    var onUi = new ImagesViewModel(images, Background.sameThread(), queued::add);

    for (int i = 0; i < 1_000; i++) {
      onUi.containersChanged(
          new ContainerUpdate.Upsert(
              new ContainerSummary(
                  "c" + i, "web-" + i, "nginx:1.27", "created", "Created", CREATED)));
    }

    assertThat(queued).as("one turn of the UI thread for the whole burst").hasSize(1);
    var before = images.lists;
    queued.removeFirst().run();
    assertThat(images.lists).as("the images are listed once for the burst").isEqualTo(before + 1);
  }

  @Test
  void aFilterThatMatchesNothingSaysSo() {
    model.statusChanged(
        new EngineStatus.Connected(
            EngineEndpoint.of("default", URI.create("unix:///var/run/docker.sock")),
            "27.0",
            "linux"));
    assertThat(model.placeholderProperty().get()).startsWith("No images on this engine yet");
    images.listed = List.of(image("a".repeat(64), 0, "nginx:1.27"));
    model.refresh();

    model.filterProperty().set("postgres");
    assertThat(model.rowsProperty()).isEmpty();
    assertThat(model.placeholderProperty().get())
        .isEqualTo("No image matches “postgres”. Clear the filter to see them all.");
    model.filterProperty().set("");
    model.danglingOnlyProperty().set(true);
    assertThat(model.placeholderProperty().get()).startsWith("No dangling images.");
  }
}
