package dev.drover.app.ui.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineException;
import dev.drover.engine.ResourceKind;
import dev.drover.engine.volumes.PruneResult;
import dev.drover.engine.volumes.VolumeSummary;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class VolumesViewModelTest {

  /** Stands in for the engine: a list of volumes in memory, and a record of what was asked. */
  private static final class FakeVolumes implements Volumes {
    final List<VolumeSummary> volumes = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    RuntimeException failNext;

    private void maybeFail() {
      var failure = failNext;
      failNext = null;
      if (failure != null) throw failure;
    }

    @Override
    public List<VolumeSummary> list() {
      calls.add("list");
      maybeFail();
      return List.copyOf(volumes);
    }

    @Override
    public void create(String name) {
      calls.add("create " + name);
      maybeFail();
      volumes.add(volume(name, 0));
    }

    @Override
    public void remove(String name) {
      calls.add("remove " + name);
      maybeFail();
      volumes.removeIf(v -> v.name().equals(name));
    }

    @Override
    public PruneResult prune() {
      calls.add("prune");
      var unused = volumes.stream().filter(v -> !v.inUse()).toList();
      volumes.removeAll(unused);
      return new PruneResult(
          unused.stream().map(VolumeSummary::name).toList(),
          unused.stream().mapToLong(VolumeSummary::sizeBytes).sum());
    }

    long lists() {
      return calls.stream().filter("list"::equals).count();
    }
  }

  private static VolumeSummary volume(String name, long size, String... users) {
    return new VolumeSummary(
        name,
        "local",
        "/var/lib/docker/volumes/" + name + "/_data",
        Instant.parse("2025-01-01T00:00:00Z"),
        size,
        List.of(users));
  }

  private final FakeVolumes service = new FakeVolumes();
  private final VolumesViewModel model = new VolumesViewModel(service, Background.sameThread());

  private List<String> names() {
    return model.rowsProperty().stream().map(VolumeRow::name).toList();
  }

  @Test
  void volumesChangedListsThemWithSizeAndUsers() {
    service.volumes.addAll(
        List.of(volume("cache", 2_500_000, "api", "worker"), volume("pgdata", -1)));

    model.resourcesChanged(EnumSet.of(ResourceKind.VOLUMES));

    assertThat(names()).containsExactly("cache", "pgdata");
    var cache = model.rowsProperty().getFirst();
    assertThat(cache.sizeText()).isEqualTo("2.5 MB");
    assertThat(cache.usedByText()).isEqualTo("api, worker");
    assertThat(model.rowsProperty().get(1).sizeText()).isEqualTo("unknown");
    assertThat(model.rowsProperty().get(1).usedByText()).isEqualTo("unused");
  }

  @Test
  void otherResourceKindsDoNotListVolumes() {
    model.resourcesChanged(EnumSet.of(ResourceKind.IMAGES, ResourceKind.NETWORKS));

    assertThat(service.lists()).isZero();
  }

  @Test
  void containerChangesListAgainSinceTheyChangeWhoUsesAVolume() {
    service.volumes.add(volume("cache", 10));
    model.resourcesChanged(EnumSet.of(ResourceKind.VOLUMES));
    service.volumes.set(0, volume("cache", 10, "api"));

    model.containersChanged(new ContainerUpdate.Removed("c1"));

    assertThat(service.lists()).isEqualTo(2);
    assertThat(model.rowsProperty().getFirst().usedBy()).containsExactly("api");
  }

  @Test
  void requestsWhileAListIsRunningCollapseIntoExactlyOneMore() {
    Queue<Runnable> work = new ArrayDeque<>();
    var coalescing =
        new VolumesViewModel(service, new Background(work::add, UiDispatcher.immediate()));

    coalescing.resourcesChanged(EnumSet.of(ResourceKind.VOLUMES));
    for (int i = 0; i < 5; i++) coalescing.containersChanged(new ContainerUpdate.Removed("c" + i));
    coalescing.resourcesChanged(EnumSet.allOf(ResourceKind.class));
    assertThat(work).as("one list in flight, the rest wait").hasSize(1);

    work.poll().run();
    assertThat(work).as("exactly one more list follows").hasSize(1);
    work.poll().run();

    assertThat(work).isEmpty();
    assertThat(service.lists()).isEqualTo(2);
  }

  @Test
  void filterMatchesNameDriverAndContainers() {
    service.volumes.addAll(
        List.of(volume("cache", 1, "api"), volume("pgdata", 1, "postgres"), volume("logs", 1)));
    model.refresh();

    model.filterProperty().set("POST");
    assertThat(names()).containsExactly("pgdata");
    model.filterProperty().set("cach");
    assertThat(names()).containsExactly("cache");
    model.filterProperty().set("local");
    assertThat(names()).hasSize(3);
    model.filterProperty().set("");
    assertThat(names()).containsExactly("cache", "pgdata", "logs");
  }

  @Test
  void createClearsTheNameReportsAndListsAgain() {
    model.newNameProperty().set(" uploads ");

    model.create();

    assertThat(service.calls).containsExactly("create uploads", "list");
    assertThat(names()).containsExactly("uploads");
    assertThat(model.newNameProperty().get()).isEmpty();
    assertThat(model.messageProperty().get()).isEqualTo("Created volume uploads.");
    assertThat(model.errorProperty().get()).isEmpty();
  }

  @Test
  void invalidNameIsRefusedWithoutAskingTheEngine() {
    model.newNameProperty().set("x");

    model.create();

    assertThat(service.calls).isEmpty();
    assertThat(model.errorProperty().get()).contains("not a valid volume name");
    assertThat(model.newNameProperty().get()).as("kept for correcting").isEqualTo("x");
  }

  @Test
  void refusedRemoveShowsTheServiceWordsAndKeepsTheVolume() {
    service.volumes.add(volume("cache", 1, "api"));
    model.refresh();
    service.failNext =
        new EngineException("Volume cache is used by container api. Remove that container first.");

    model.remove(model.rowsProperty().getFirst());

    assertThat(model.errorProperty().get())
        .isEqualTo("Volume cache is used by container api. Remove that container first.");
    assertThat(model.messageProperty().get()).isEmpty();
    assertThat(names()).containsExactly("cache");
  }

  @Test
  void removeTakesTheVolumeOffTheList() {
    service.volumes.addAll(List.of(volume("a1", 1), volume("b1", 1)));
    model.refresh();

    model.remove(model.rowsProperty().getFirst());

    assertThat(names()).containsExactly("b1");
    assertThat(model.messageProperty().get()).isEqualTo("Removed volume a1.");
  }

  @Test
  void pruneReportsHowManyWereRemovedAndTheSpace() {
    service.volumes.addAll(
        List.of(volume("a1", 1_000_000, "api"), volume("b1", 2_000_000), volume("c1", 500_000)));
    model.refresh();

    model.prune();

    assertThat(names()).containsExactly("a1");
    assertThat(model.messageProperty().get())
        .isEqualTo("Removed 2 unused volumes, 2.5 MB reclaimed.");
  }

  @Test
  void pruneWithNothingToRemoveSaysSo() {
    model.prune();

    assertThat(model.messageProperty().get()).isEqualTo("No unused volumes to remove.");
  }

  @Test
  void listFailureIsShownAndClearedByTheNextGoodList() {
    service.failNext =
        new EngineException(
            "Listing volumes failed: connection refused at unix:///x. Is the engine running?");

    model.refresh();
    assertThat(model.errorProperty().get()).contains("connection refused");
    assertThat(model.placeholderProperty().get()).contains("connection refused");

    model.refresh();
    assertThat(model.errorProperty().get()).isEmpty();
    assertThat(model.placeholderProperty().get()).startsWith("No volumes on this engine");
  }

  @Test
  void sizesArePrintedInDecimalUnitsLikeDocker() {
    assertThat(VolumeRow.sizeText(0)).isEqualTo("0 B");
    assertThat(VolumeRow.sizeText(999)).isEqualTo("999 B");
    assertThat(VolumeRow.sizeText(1_000)).isEqualTo("1.0 kB");
    assertThat(VolumeRow.sizeText(123_456_789)).isEqualTo("123 MB");
    assertThat(VolumeRow.sizeText(-1)).isEqualTo("unknown");
  }

  @Test
  void aFilterThatMatchesNothingSaysSo() {
    service.volumes.add(volume("cache", 1, "api"));
    model.refresh();

    model.filterProperty().set("pgdata");
    assertThat(model.rowsProperty()).isEmpty();
    assertThat(model.placeholderProperty().get())
        .isEqualTo("No volume matches “pgdata”. Clear the filter to see them all.");
    model.filterProperty().set("");
    assertThat(model.placeholderProperty().get()).startsWith("No volumes on this engine");
  }
}
