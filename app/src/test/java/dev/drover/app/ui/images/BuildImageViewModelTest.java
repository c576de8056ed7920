package dev.drover.app.ui.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.EngineException;
import dev.drover.engine.images.BuildHandle;
import dev.drover.engine.images.ImageBuilds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildImageViewModelTest {

  private static final String ID = "sha256:" + "ab".repeat(32);

  @TempDir Path folder;

  /**
   * Checks its input like the real service, then plays back {@link #lines} and ends as told; no
   * engine.
   */
  private static final class FakeBuilds implements ImageBuilder {
    List<String> lines = List.of();
    RuntimeException failure;
    volatile int builds;
    Path lastFolder;
    String lastDockerfile;
    String lastTag;
    CountDownLatch release;
    volatile boolean cancelled;

    @Override
    public BuildHandle build(
        Path folder, String dockerfileName, String tag, Consumer<String> output) {
      ImageBuilds.check(folder, dockerfileName, tag);
      builds++;
      lastFolder = folder;
      lastDockerfile = dockerfileName;
      lastTag = tag;
      lines.forEach(output);
      return new BuildHandle() {
        @Override
        public String await() throws InterruptedException {
          if (release != null) release.await(10, TimeUnit.SECONDS);
          if (cancelled) throw new CancellationException("cancelled");
          if (failure != null) throw failure;
          return ID;
        }

        @Override
        public String await(Duration timeout) throws InterruptedException {
          return await();
        }

        @Override
        public void cancel() {
          cancelled = true;
          if (release != null) release.countDown();
        }

        @Override
        public boolean cancelled() {
          return cancelled;
        }
      };
    }
  }

  private final FakeBuilds builds = new FakeBuilds();
  private final BuildImageViewModel model =
      new BuildImageViewModel(builds, Background.sameThread());

  private void fillIn(String tag) throws Exception {
    Files.writeString(folder.resolve("Dockerfile"), "FROM scratch\n");
    model.folderProperty().set(folder.toString());
    model.tagProperty().set(tag);
  }

  @Test
  void dockerfileNameDefaultsToDockerfile() {
    assertThat(model.dockerfileProperty().get()).isEqualTo("Dockerfile");
  }

  @Test
  void successfulBuildShowsTheOutputAndTheNewImage() throws Exception {
    fillIn("team/app:1.0");
    builds.lines = List.of("Step 1/1 : FROM scratch", "Successfully built abababababab");

    model.build();

    assertThat(builds.lastFolder).isEqualTo(folder);
    assertThat(builds.lastDockerfile).isEqualTo("Dockerfile");
    assertThat(builds.lastTag).isEqualTo("team/app:1.0");
    assertThat(model.outputProperty())
        .containsExactly("Step 1/1 : FROM scratch", "Successfully built abababababab");
    assertThat(model.imageIdProperty().get()).isEqualTo(ID);
    assertThat(model.statusProperty().get()).isEqualTo("Built team/app:1.0 (abababababab).");
    assertThat(model.errorProperty().get()).isEmpty();
    assertThat(model.buildingProperty().get()).isFalse();
  }

  @Test
  void failedBuildKeepsItsOutputAndShowsTheEnginesWords() throws Exception {
    fillIn("app");
    builds.lines = List.of("Step 2/2 : RUN exit 3");
    builds.failure =
        new EngineException(
            "Building app:latest failed: the engine said: The command '/bin/sh -c exit 3' returned a non-zero code: 3");

    model.build();

    assertThat(model.errorProperty().get()).isEqualTo(builds.failure.getMessage());
    assertThat(model.statusProperty().get()).isEqualTo("The build failed.");
    assertThat(model.outputProperty()).containsExactly("Step 2/2 : RUN exit 3");
    assertThat(model.imageIdProperty().get()).isEmpty();
    assertThat(model.buildingProperty().get()).isFalse();
  }

  @Test
  void missingDockerfileIsExplainedWithoutBuilding() {
    model.folderProperty().set(folder.toString());
    model.tagProperty().set("app:1");

    model.build();

    assertThat(builds.builds).isZero();
    assertThat(model.errorProperty().get()).contains("There is no file named \"Dockerfile\" in");
    assertThat(model.buildingProperty().get()).isFalse();
  }

  @Test
  void invalidTagIsExplainedWithoutBuilding() throws Exception {
    fillIn("Team/App:1");

    model.build();

    assertThat(builds.builds).isZero();
    assertThat(model.errorProperty().get()).contains("repository names must be lowercase");
  }

  @Test
  void emptyFolderIsExplained() {
    model.tagProperty().set("app:1");

    model.build();

    assertThat(builds.builds).isZero();
    assertThat(model.errorProperty().get()).isEqualTo("Choose the folder to build from.");
  }

  @Test
  void outputKeepsOnlyTheNewestTenThousandLines() throws Exception {
    fillIn("app:1");
    builds.lines = IntStream.range(0, 12_345).mapToObj(i -> "line " + i).toList();

    model.build();

    assertThat(model.outputProperty()).hasSize(BuildImageViewModel.MAX_LINES);
    assertThat(model.outputProperty().getFirst()).isEqualTo("line 2345");
    assertThat(model.outputProperty().getLast()).isEqualTo("line 12344");
  }

  @Test
  void outputOfAnotherBuildReplacesThePreviousOne() throws Exception {
    fillIn("app:1");
    builds.lines = List.of("first");
    model.build();
    builds.lines = List.of("second");

    model.build();

    assertThat(model.outputProperty()).containsExactly("second");
  }

  @Test
  void cancelStopsTheRunningBuildAndSaysSo() throws Exception {
    fillIn("app:1");
    builds.release = new CountDownLatch(1);
    var posted = new ArrayList<Runnable>();
    UiDispatcher queued =
        action -> {
          synchronized (posted) {
            posted.add(action);
          }
        };
    var workers = Executors.newVirtualThreadPerTaskExecutor();
    var async = new BuildImageViewModel(builds, new Background(workers, queued));
    async.folderProperty().set(folder.toString());
    async.tagProperty().set("app:1");

    async.build();
    assertThat(async.buildingProperty().get()).isTrue();
    // Wait until the engine has accepted the build, then cancel it from the "UI thread".
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (builds.builds == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    async.cancel();
    workers.shutdown();
    assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    synchronized (posted) {
      posted.forEach(Runnable::run);
    }

    assertThat(builds.cancelled).isTrue();
    assertThat(async.statusProperty().get()).isEqualTo("The build was cancelled.");
    assertThat(async.errorProperty().get()).isEmpty();
    assertThat(async.buildingProperty().get()).isFalse();
  }

  @Test
  void serviceRejectsDockerfileOutsideTheFolderAndDigestTags() throws Exception {
    Files.writeString(folder.resolve("Dockerfile"), "FROM scratch\n");

    assertThatThrownBy(() -> ImageBuilds.check(folder, "../Dockerfile", "app:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be inside the folder");
    assertThatThrownBy(
            () -> ImageBuilds.check(folder, "Dockerfile", "app@sha256:" + "a".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag, not a digest");
    assertThatThrownBy(() -> ImageBuilds.check(folder.resolve("Dockerfile"), "Dockerfile", "app:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a file, not a folder");
    var request = ImageBuilds.check(folder, " ", "app");
    assertThat(request.dockerfile())
        .isEqualTo(folder.toAbsolutePath().normalize().resolve("Dockerfile"));
    assertThat(request.tag()).isEqualTo("app:latest");
  }
}
