package dev.drover.app.ui.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.containers.ContainerAction;
import dev.drover.engine.stats.StatsSample;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

class ContainersViewModelTest {

  private static final EngineEndpoint ENDPOINT =
      EngineEndpoint.of("default", URI.create("unix:///var/run/docker.sock"));

  private final ContainersViewModel model =
      new ContainersViewModel(Background.sameThread(), new RecordingContainerCommands(), url -> {});

  private static ContainerSummary container(String id, String name, String state) {
    return new ContainerSummary(
        id,
        name,
        "nginx:1.27",
        state,
        state.equals("running") ? "Up 3 minutes" : "Exited (0) 1 second ago",
        Instant.parse("2025-01-01T00:00:00Z"));
  }

  private List<String> names() {
    return model.rowsProperty().stream().map(ContainerRow::name).toList();
  }

  private ContainerRow row(String id) {
    return model.rowsProperty().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void resetFillsRowsSortedByName() {
    model.containersChanged(
        new ContainerUpdate.Reset(
            List.of(
                container("c3", "zeta", "running"),
                container("c1", "alpha", "exited"),
                container("c2", "mid", "running"))));

    assertThat(names()).containsExactly("alpha", "mid", "zeta");
    assertThat(row("c1"))
        .usingRecursiveComparison()
        .ignoringFields("statusSince")
        .isEqualTo(
            new ContainerRow("c1", "alpha", "nginx:1.27", "exited", "Exited (0) 1 second ago"));
  }

  @Test
  void upsertOfAKnownContainerUpdatesItsRowInPlace() {
    model.containersChanged(
        new ContainerUpdate.Reset(
            List.of(container("c1", "alpha", "running"), container("c2", "beta", "running"))));

    model.containersChanged(new ContainerUpdate.Upsert(container("c1", "alpha", "exited")));

    assertThat(model.rowsProperty()).hasSize(2);
    assertThat(names()).containsExactly("alpha", "beta");
    assertThat(row("c1").state()).isEqualTo("exited");
    assertThat(row("c1").status()).isEqualTo("Exited (0) 1 second ago");
    assertThat(row("c2").state()).isEqualTo("running");
  }

  @Test
  void upsertOfANewContainerAddsARowInNameOrder() {
    model.containersChanged(
        new ContainerUpdate.Reset(
            List.of(container("c1", "alpha", "running"), container("c3", "gamma", "running"))));

    model.containersChanged(new ContainerUpdate.Upsert(container("c2", "beta", "created")));

    assertThat(names()).containsExactly("alpha", "beta", "gamma");
    assertThat(row("c2").state()).isEqualTo("created");
  }

  @Test
  void removedDropsTheRowAndAnUnknownIdChangesNothing() {
    model.containersChanged(
        new ContainerUpdate.Reset(
            List.of(container("c1", "alpha", "running"), container("c2", "beta", "running"))));

    model.containersChanged(new ContainerUpdate.Removed("c1"));
    assertThat(names()).containsExactly("beta");

    model.containersChanged(new ContainerUpdate.Removed("no-such-id"));
    assertThat(names()).containsExactly("beta");
  }

  @Test
  void resetAfterReconnectReplacesStaleRows() {
    model.containersChanged(
        new ContainerUpdate.Reset(
            List.of(container("old1", "web", "running"), container("old2", "db", "running"))));
    model.containersChanged(new ContainerUpdate.Upsert(container("old3", "cache", "running")));

    model.containersChanged(
        new ContainerUpdate.Reset(List.of(container("new1", "worker", "running"))));

    assertThat(model.rowsProperty()).extracting(ContainerRow::id).containsExactly("new1");
  }

  @Test
  void resetWithNoContainersEmptiesTheTable() {
    model.containersChanged(
        new ContainerUpdate.Reset(List.of(container("c1", "alpha", "running"))));

    model.containersChanged(new ContainerUpdate.Reset(List.of()));

    assertThat(model.rowsProperty()).isEmpty();
  }

  @Test
  void burstOfUpdatesOfferedBeforeTheUiTurnIsOneTableChange() {
    var posted = new ArrayList<Runnable>();
    var batched =
        new ContainersViewModel(
            new Background(Runnable::run, posted::add),
            new RecordingContainerCommands(),
            url -> {});
    var changes = new AtomicInteger();
    batched
        .rowsProperty()
        .addListener((ListChangeListener<ContainerRow>) c -> changes.incrementAndGet());

    batched.containersChanged(
        new ContainerUpdate.Reset(List.of(container("c0", "n0000", "running"))));
    for (int i = 1; i < 1_000; i++) {
      batched.containersChanged(
          new ContainerUpdate.Upsert(container("c" + i, "n%04d".formatted(i), "running")));
    }
    batched.containersChanged(new ContainerUpdate.Removed("c0"));
    assertThat(batched.rowsProperty()).as("nothing changes off the UI thread").isEmpty();

    List.copyOf(posted).forEach(Runnable::run);

    assertThat(changes).hasValue(1);
    assertThat(batched.rowsProperty()).hasSize(999);
    assertThat(batched.rowsProperty().getFirst().name()).isEqualTo("n0001");
    assertThat(batched.rowsProperty().getLast().name()).isEqualTo("n0999");
  }

  @Test
  void placeholderFollowsTheEngineStatus() {
    assertThat(model.placeholderProperty().get()).isEqualTo("Connecting to the engine…");

    model.statusChanged(new EngineStatus.Connected(ENDPOINT, "28.3.1", "linux"));
    assertThat(model.placeholderProperty().get()).contains("No containers on this engine yet");

    model.statusChanged(
        new EngineStatus.Unreachable(
            ENDPOINT, "connection refused at unix:///var/run/docker.sock"));
    assertThat(model.placeholderProperty().get())
        .isEqualTo("The engine is unreachable: connection refused at unix:///var/run/docker.sock");

    model.statusChanged(new EngineStatus.Connecting(ENDPOINT));
    assertThat(model.placeholderProperty().get()).isEqualTo("Connecting to the engine…");
  }

  @Test
  void listIsExpectedOnceTheWatcherReachesForAnEngine() {
    assertThat(model.listExpectedProperty().get()).isFalse();
    model.statusChanged(new EngineStatus.Connecting(null));
    assertThat(model.listExpectedProperty().get()).as("no engine chosen yet").isFalse();
    model.statusChanged(new EngineStatus.Connecting(ENDPOINT));
    assertThat(model.listExpectedProperty().get()).as("the list is on its way").isTrue();
    model.statusChanged(new EngineStatus.Unreachable(ENDPOINT, "connection refused"));
    model.statusChanged(new EngineStatus.Connecting(ENDPOINT));
    assertThat(model.listExpectedProperty().get()).as("once shown, the table stays").isTrue();
  }

  @Test
  void anUnreachableEngineIsAnOutcomeTooAndShowsTheTable() {
    model.statusChanged(new EngineStatus.Unreachable(ENDPOINT, "connection refused"));
    assertThat(model.listExpectedProperty().get()).isTrue();
  }

  @Test
  void shortIdKeepsTwelveCharacters() {
    var full = new ContainerRow("0123456789abcdef0123", "web", "nginx", "running", "Up");
    var brief = new ContainerRow("abc", "web", "nginx", "running", "Up");

    assertThat(full.shortId()).isEqualTo("0123456789ab");
    assertThat(brief.shortId()).isEqualTo("abc");
  }

  @Test
  void runningOnlyAndFilterTextNarrowTheVisibleRows() {
    model.containersChanged(
        new ContainerUpdate.Reset(
            List.of(
                container("c1", "web", "running"),
                container("c2", "worker", "exited"),
                container("c3", "db", "running"))));

    model.runningOnlyProperty().set(true);
    assertThat(model.visibleRows()).extracting(ContainerRow::name).containsExactly("db", "web");

    model.filterTextProperty().set("WE");
    assertThat(model.visibleRows()).extracting(ContainerRow::name).containsExactly("web");

    model.runningOnlyProperty().set(false);
    model.filterTextProperty().set("exited");
    assertThat(model.visibleRows()).extracting(ContainerRow::name).containsExactly("worker");
  }

  @Test
  void anActionRunsOnlyOnTheContainersItAppliesTo() {
    var commands = new RecordingContainerCommands();
    var vm = new ContainersViewModel(Background.sameThread(), commands, url -> {});
    var web = new ContainerRow("c1", "web", "nginx", "running", "Up");
    var job = new ContainerRow("c2", "job", "nginx", "exited", "Exited (0)");

    vm.apply(ContainerAction.STOP, List.of(web, job));

    assertThat(commands.calls).containsExactly("STOP c1");
    assertThat(vm.actionStatusProperty().get()).isEqualTo("Stopped web");
    assertThat(vm.busyProperty().get()).isFalse();
    assertThat(ContainersViewModel.applies(ContainerAction.START, List.of(web))).isFalse();
    assertThat(ContainersViewModel.applies(ContainerAction.START, List.of(web, job))).isTrue();
  }

  @Test
  void theEnginesRefusalIsShownWithTheContainersName() {
    var commands = new RecordingContainerCommands();
    commands.refuse =
        "Removing c1 failed: the engine said: removal of container c1 is already in progress";
    var vm = new ContainersViewModel(Background.sameThread(), commands, url -> {});

    vm.remove(List.of(new ContainerRow("c1", "web", "nginx", "exited", "Exited")), false);

    assertThat(vm.actionErrorProperty().get()).isEqualTo("web: " + commands.refuse);
    assertThat(vm.actionStatusProperty().get()).isEmpty();
  }

  @Test
  void removingRunningContainerAsksFirstAndSaysItWillBeStopped() {
    var web = new ContainerRow("c1", "web", "nginx", "running", "Up");
    var job = new ContainerRow("c2", "job", "nginx", "exited", "Exited (0)");

    assertThat(model.removalQuestion(List.of(web)))
        .isEqualTo(
            "Remove container web? It is running and will be stopped. This cannot be undone.");
    assertThat(model.removalQuestion(List.of(web, job)))
        .isEqualTo(
            "Remove 2 containers? 1 of them is running and will be stopped. This cannot be undone.");
    assertThat(model.removalQuestion(List.of(job)))
        .isEqualTo("Remove container job? This cannot be undone.");
  }

  @Test
  void removeWithVolumesPassesTheChoiceOn() {
    var commands = new RecordingContainerCommands();
    var vm = new ContainersViewModel(Background.sameThread(), commands, url -> {});

    vm.remove(List.of(new ContainerRow("c1", "web", "nginx", "exited", "Exited")), true);

    assertThat(commands.calls).containsExactly("REMOVE c1 volumes=true");
    assertThat(vm.actionStatusProperty().get()).isEqualTo("Removed web");
  }

  @Test
  void openingAPublishedPortOpensItsLocalAddress() {
    var opened = new ArrayList<String>();
    var vm =
        new ContainersViewModel(
            Background.sameThread(), new RecordingContainerCommands(), opened::add);

    vm.open(new ContainerSummary.PublishedPort("0.0.0.0", 8080, 80, "tcp"));
    vm.open(new ContainerSummary.PublishedPort("127.0.0.1", 5432, 5432, "tcp"));

    assertThat(opened).containsExactly("http://localhost:8080/", "http://127.0.0.1:5432/");
  }

  @Test
  void openingAUdpPortOpensNothingInTheBrowser() {
    var opened = new ArrayList<String>();
    var vm =
        new ContainersViewModel(
            Background.sameThread(), new RecordingContainerCommands(), opened::add);

    var metrics = new ContainerSummary.PublishedPort("127.0.0.1", 40125, 8125, "udp");
    vm.open(metrics);

    assertThat(metrics.opensInBrowser()).isFalse();
    assertThat(opened).isEmpty();
    assertThat(vm.actionErrorProperty().get()).isEmpty();
  }

  @Test
  void theSelectionOutlivesUpdatesAndMovesOfItsRowsButNotTheirRemoval() {
    model.containersChanged(
        new ContainerUpdate.Reset(
            List.of(
                container("c1", "alpha", "running"),
                container("c2", "beta", "running"),
                container("c3", "gamma", "exited"))));
    // As the table does: a replaced row leaves its selection, which it reports while the rows
    // change.
    model
        .rowsProperty()
        .addListener(
            (ListChangeListener<ContainerRow>) change -> model.selectionChanged(List.of()));
    model.selectionChanged(List.of(row("c1"), row("c3")));

    model.containersChanged(
        new ContainerUpdate.Upsert(withStatus("c1", "alpha", "running", "Up 3 minutes (healthy)")));
    assertThat(model.selectedIds())
        .as("after an update of a selected container")
        .containsExactly("c1", "c3");

    model.containersChanged(new ContainerUpdate.Upsert(container("c1", "zulu", "running")));
    assertThat(names()).containsExactly("beta", "gamma", "zulu");
    assertThat(model.selectedIds()).as("after its row moved").containsExactly("c1", "c3");

    model.containersChanged(new ContainerUpdate.Removed("c3"));
    assertThat(model.selectedIds())
        .as("after a selected container was removed")
        .containsExactly("c1");

    model.selectionChanged(List.of(row("c2")));
    assertThat(model.selectedIds()).as("the user's own change").containsExactly("c2");
  }

  @Test
  void composeProjectsAreGroupedAndStartedOrStoppedTogether() {
    var commands = new RecordingContainerCommands();
    var vm = new ContainersViewModel(Background.sameThread(), commands, url -> {});
    vm.containersChanged(
        new ContainerUpdate.Reset(
            List.of(
                project("c1", "shop-web", "running", "shop"),
                    project("c2", "shop-db", "exited", "shop"),
                project("c3", "blog-web", "running", "blog"),
                    container("c4", "loner", "running"))));

    assertThat(vm.projectsProperty())
        .extracting(ComposeProject::describe)
        .containsExactly("blog · 1 of 1 running", "shop · 1 of 2 running");

    vm.startProject(vm.projectsProperty().get(1));
    assertThat(commands.calls).containsExactly("START c2");
    commands.calls.clear();
    vm.stopProject(vm.projectsProperty().get(1));
    assertThat(commands.calls).containsExactly("STOP c1");
  }

  private static ContainerSummary project(String id, String name, String state, String project) {
    return new ContainerSummary(
        id, name, "nginx:1.27", state, state, Instant.EPOCH, List.of(), project);
  }

  @Test
  void runningContainersStatsAreFollowedOnlyWhileTheTableIsVisible() {
    var followed = new ArrayList<String>();
    var closed = new ArrayList<String>();
    var sinks = new HashMap<String, Consumer<StatsSample>>();
    var vm =
        new ContainersViewModel(
            Background.sameThread(),
            new RecordingContainerCommands(),
            url -> {},
            (id, sink) -> {
              followed.add(id);
              sinks.put(id, sink);
              return () -> closed.add(id);
            },
            Clock.systemUTC());
    vm.containersChanged(
        new ContainerUpdate.Reset(
            List.of(container("c1", "web", "running"), container("c2", "job", "exited"))));
    assertThat(followed).as("nothing while the table is not on screen").isEmpty();

    vm.statsVisibleProperty().set(true);
    assertThat(followed).containsExactly("c1");
    sinks.get("c1").accept(new StatsSample(Instant.EPOCH, 12.34, 50L << 20, 1L << 30, 0, 0));
    assertThat(vm.usage().get("c1").cpu()).contains("12.3");
    assertThat(vm.usage().get("c1").memory()).contains("50");

    vm.containersChanged(new ContainerUpdate.Upsert(container("c1", "web", "exited")));
    assertThat(closed).as("a stopped container is no longer followed").containsExactly("c1");
    assertThat(vm.usage()).isEmpty();

    vm.containersChanged(new ContainerUpdate.Upsert(container("c2", "job", "running")));
    vm.statsVisibleProperty().set(false);
    assertThat(followed).containsExactly("c1", "c2");
    assertThat(closed).containsExactly("c1", "c2");
  }

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-01-01T12:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static ContainerSummary withStatus(String id, String name, String state, String status) {
    return new ContainerSummary(id, name, "nginx:1.27", state, status, Instant.EPOCH);
  }

  @Test
  void aStatusTimeCountsOnFromWhenTheEngineSaidItWhileTheRestOfTheTextStays() {
    var clock = new HandClock();
    var vm =
        new ContainersViewModel(
            Background.sameThread(),
            new RecordingContainerCommands(),
            url -> {},
            (id, sink) -> () -> {},
            clock);
    vm.containersChanged(
        new ContainerUpdate.Reset(
            List.of(
                withStatus("c1", "web", "running", "Up 1 second (healthy)"),
                withStatus("c2", "job", "exited", "Exited (137) 5 minutes ago"),
                withStatus("c3", "new", "created", "Created"))));
    var rows = vm.rowsProperty();

    clock.now = clock.now.plusSeconds(4);
    assertThat(rows.get(2).statusAt(clock.now)).isEqualTo("Up 5 seconds (healthy)");
    clock.now = clock.now.plusSeconds(60);
    assertThat(rows.get(2).statusAt(clock.now)).isEqualTo("Up About a minute (healthy)");
    assertThat(rows.get(0).statusAt(clock.now)).isEqualTo("Exited (137) 6 minutes ago");
    assertThat(rows.get(1).statusAt(clock.now))
        .as("a text without a time stays as it is")
        .isEqualTo("Created");
    assertThat(rows.get(1).statusSince()).isNull();
  }

  @Test
  void aLaterCoarserStatusKeepsTheExactStartItAgreesWith() {
    var clock = new HandClock();
    var vm =
        new ContainersViewModel(
            Background.sameThread(),
            new RecordingContainerCommands(),
            url -> {},
            (id, sink) -> () -> {},
            clock);
    vm.containersChanged(
        new ContainerUpdate.Upsert(withStatus("c1", "web", "running", "Up Less than a second")));
    var started = vm.rowsProperty().getFirst().statusSince();

    clock.now = clock.now.plusSeconds(150);
    vm.containersChanged(
        new ContainerUpdate.Upsert(withStatus("c1", "web", "running", "Up 2 minutes")));
    assertThat(vm.rowsProperty().getFirst().statusSince())
        .as("the engine's minutes agree with it")
        .isEqualTo(started);

    vm.containersChanged(
        new ContainerUpdate.Upsert(withStatus("c1", "web", "running", "Up 1 second")));
    assertThat(vm.rowsProperty().getFirst().statusSince())
        .as("restarted: the new start counts")
        .isEqualTo(clock.now.minusSeconds(1));
  }

  @Test
  void statsFollowTheRunningRowsOnScreenNotTheFirstSixteenByName() {
    var followed = new ArrayList<String>();
    var vm =
        new ContainersViewModel(
            Background.sameThread(),
            new RecordingContainerCommands(),
            url -> {},
            (id, sink) -> {
              followed.add(id);
              return () -> followed.remove(id);
            },
            Clock.systemUTC());
    var many = new ArrayList<ContainerSummary>();
    for (int i = 0; i < 20; i++)
      many.add(container(String.format("c%02d", i), String.format("web-%02d", i), "running"));
    vm.containersChanged(new ContainerUpdate.Reset(many));
    vm.statsVisibleProperty().set(true);
    assertThat(followed).hasSize(ContainersViewModel.MAX_STATS_STREAMS).doesNotContain("c18");

    vm.filterTextProperty().set("web-18");
    assertThat(followed).as("the only row shown").containsExactly("c18");

    vm.filterTextProperty().set("");
    vm.rowsOnScreen(List.of("c17", "c18", "c19"));
    assertThat(followed)
        .as("scrolled to the bottom")
        .containsExactlyInAnyOrder("c17", "c18", "c19");
  }

  @Test
  void aFilterThatMatchesNothingSaysSoNotThatTheEngineIsEmpty() {
    model.statusChanged(new EngineStatus.Connected(ENDPOINT, "27.0", "linux"));
    assertThat(model.placeholderProperty().get()).startsWith("No containers on this engine yet");
    model.containersChanged(new ContainerUpdate.Reset(List.of(container("c1", "web", "exited"))));

    model.filterTextProperty().set("  nosuch ");
    assertThat(model.visibleRows()).isEmpty();
    assertThat(model.placeholderProperty().get())
        .isEqualTo("No container matches “nosuch”. Clear the filter to see them all.");

    model.filterTextProperty().set("");
    model.runningOnlyProperty().set(true);
    assertThat(model.placeholderProperty().get()).startsWith("No container is running.");
  }

  @Test
  void detailsOpenInPlaceOfTheListAndCloseBackToIt() {
    var web = new ContainerRow("c1", "web", "nginx", "running", "Up");
    model.openDetails(web);
    assertThat(model.detailsProperty().get()).isEqualTo(web);

    model.closeDetails();
    assertThat(model.detailsProperty().get()).isNull();
  }

  @Test
  void theEnginesOwnWordsReadBackUnchangedAtTheMomentTheyWereRead() {
    var readAt = Instant.parse("2026-01-01T12:00:00Z");
    for (var status :
        List.of(
            "Up Less than a second",
            "Up 1 second",
            "Up 42 seconds",
            "Up About a minute",
            "Up 59 minutes",
            "Up About an hour",
            "Up 2 hours (healthy)",
            "Up 47 hours",
            "Up 2 days",
            "Up 13 days (Paused)",
            "Up 2 weeks",
            "Up 3 months",
            "Exited (0) 5 minutes ago",
            "Restarting (1) 3 hours ago")) {
      var row = ContainerRow.of(withStatus("c1", "web", "running", status), readAt, null);
      assertThat(row.statusAt(readAt)).as(status).isEqualTo(status);
    }
  }
}
