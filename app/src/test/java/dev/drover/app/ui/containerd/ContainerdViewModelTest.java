package dev.drover.app.ui.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.EngineException;
import dev.drover.engine.containerd.ContainerdContainer;
import dev.drover.engine.containerd.ContainerdContainer.TaskState;
import dev.drover.engine.containerd.ContainerdEngine;
import dev.drover.engine.containerd.ContainerdImage;
import dev.drover.engine.containerd.ContainerdListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContainerdViewModelTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private final FakeContainerd containerd = new FakeContainerd();
  private final SwitchableSource source = new SwitchableSource();
  private ContainerdViewModel model;
  private ExecutorService uiThread;

  @AfterEach
  void stopUiThread() {
    if (uiThread != null) uiThread.shutdownNow();
  }

  /** Everything on the test's thread: each event batch re-reads at once. */
  private ContainerdViewModel opened() {
    source.engine = Optional.of(containerd);
    model = new ContainerdViewModel(source, Background.sameThread(), Duration.ZERO);
    model.open();
    return model;
  }

  private static ContainerdContainer container(
      String namespace, String id, TaskState state, int pid, Integer exit) {
    return new ContainerdContainer(
        namespace,
        id,
        "docker.io/library/busybox:1.36",
        "io.containerd.runc.v2",
        Map.of("nerdctl/name", id + "-name"),
        CREATED,
        state,
        pid,
        Optional.ofNullable(exit));
  }

  private static ContainerdImage image(String namespace, String name, long size) {
    return new ContainerdImage(namespace, name, "sha256:" + "ab12".repeat(16), size, CREATED);
  }

  private List<String> shownNames() {
    return model.visibleContainers().stream().map(ContainerdRow::name).toList();
  }

  private ContainerdRow row(String name) {
    return model.containersProperty().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void choosesTheDefaultNamespaceWhenItExistsAndOffersAllNamespaces() {
    containerd.put(container("k8s.io", "pause", TaskState.RUNNING, 10, null));
    containerd.put(container("default", "web", TaskState.RUNNING, 42, null));

    opened();

    assertThat(model.namespaceProperty().get()).isEqualTo("default");
    assertThat(model.namespacesProperty())
        .containsExactly(ContainerdViewModel.ALL_NAMESPACES, "default", "k8s.io");
    assertThat(shownNames()).containsExactly("web-name");
    assertThat(containerd.containerReads).containsOnly("default");
  }

  @Test
  void withoutADefaultNamespaceTheFirstIsChosen() {
    containerd.put(container("k8s.io", "pause", TaskState.RUNNING, 10, null));
    containerd.put(container("moby", "old", TaskState.STOPPED, 0, 0));

    opened();

    assertThat(model.namespaceProperty().get()).isEqualTo("k8s.io");
    assertThat(shownNames()).containsExactly("pause-name");
  }

  @Test
  void theUsersNamespaceSurvivesReReadsAndAnEmptiedChoiceBoxUntilTheNamespaceIsGone() {
    containerd.put(container("default", "web", TaskState.RUNNING, 1, null));
    containerd.put(container("k8s.io", "pause", TaskState.RUNNING, 2, null));
    opened();

    model.namespaceProperty().set("k8s.io");
    model.namespaceProperty().set(null);
    containerd.emitChanged("k8s.io", "/tasks/start");
    assertThat(model.namespaceProperty().get()).isEqualTo("k8s.io");
    assertThat(shownNames()).containsExactly("pause-name");

    containerd.dropNamespace("k8s.io");
    containerd.emitChanged("k8s.io", "/namespaces/delete");
    assertThat(model.namespaceProperty().get()).isEqualTo("default");
    assertThat(model.namespacesProperty())
        .containsExactly(ContainerdViewModel.ALL_NAMESPACES, "default");
    assertThat(shownNames()).containsExactly("web-name");
  }

  @Test
  void closingEndsTheEventStream() {
    opened();
    assertThat(containerd.openStreams.get()).isEqualTo(1);

    model.close();

    assertThat(containerd.openStreams.get()).isZero();
  }

  @Test
  void allNamespacesShowsEveryNamespacesContainersWithTheirNamespace() {
    containerd.put(container("k8s.io", "pause", TaskState.RUNNING, 10, null));
    containerd.put(container("default", "web", TaskState.RUNNING, 42, null));
    opened();

    model.namespaceProperty().set(ContainerdViewModel.ALL_NAMESPACES);

    assertThat(model.containersProperty())
        .extracting(ContainerdRow::namespace, ContainerdRow::name)
        .containsExactly(Tuple.tuple("default", "web-name"), Tuple.tuple("k8s.io", "pause-name"));
    assertThat(model.namespaceProperty().get()).isEqualTo(ContainerdViewModel.ALL_NAMESPACES);
  }

  @Test
  void rowsCarryWhatTheTablesShow() {
    containerd.put(container("default", "web", TaskState.RUNNING, 4242, null));
    containerd.put(container("default", "job", TaskState.STOPPED, 0, 137));
    containerd.put(container("default", "fresh", TaskState.CREATED, 0, null));
    containerd.putImage(image("default", "docker.io/library/busybox:1.36", 2_150_000));
    containerd.putImage(image("default", "docker.io/library/alpine:3.20", 0));

    opened();

    var web = row("web-name");
    assertThat(web.id()).isEqualTo("web");
    assertThat(web.image()).isEqualTo("docker.io/library/busybox:1.36");
    assertThat(web.state()).isEqualTo("running");
    assertThat(web.process()).isEqualTo("pid 4242");
    assertThat(web.runtimeText()).isEqualTo("runc.v2");
    assertThat(web.namespace()).isEqualTo("default");
    assertThat(row("job-name").process()).isEqualTo("exit 137");
    assertThat(row("job-name").state()).isEqualTo("stopped");
    assertThat(row("fresh-name").process()).isEmpty();
    assertThat(model.imagesProperty())
        .extracting(
            ContainerdImageRow::name, ContainerdImageRow::shortDigest, ContainerdImageRow::sizeText)
        .containsExactly(
            Tuple.tuple("docker.io/library/alpine:3.20", "ab12ab12ab12", "—"),
            Tuple.tuple("docker.io/library/busybox:1.36", "ab12ab12ab12", "2.15 MB"));
  }

  @Test
  void filterMatchesNameImageStateAndImageNamesIgnoringCase() {
    containerd.put(container("default", "web", TaskState.RUNNING, 1, null));
    containerd.put(container("default", "job", TaskState.STOPPED, 0, 0));
    containerd.putImage(image("default", "docker.io/library/busybox:1.36", 1));
    containerd.putImage(image("default", "docker.io/library/alpine:3.20", 1));
    opened();

    model.filterTextProperty().set("  WEB ");
    assertThat(shownNames()).containsExactly("web-name");
    model.filterTextProperty().set("stopped");
    assertThat(shownNames()).containsExactly("job-name");
    model.filterTextProperty().set("alpine");
    assertThat(shownNames()).isEmpty();
    assertThat(model.visibleImages())
        .extracting(ContainerdImageRow::name)
        .containsExactly("docker.io/library/alpine:3.20");
    model.filterTextProperty().set("");
    assertThat(shownNames()).containsExactly("job-name", "web-name");
  }

  @Test
  void startStopAndRemoveReachContainerdWithTheRowsNamespaceAndId() {
    containerd.put(container("default", "web", TaskState.RUNNING, 1, null));
    containerd.put(container("k8s.io", "job", TaskState.STOPPED, 0, 0));
    opened();
    model.namespaceProperty().set(ContainerdViewModel.ALL_NAMESPACES);

    model.stop(List.of(row("web-name"), row("job-name")));
    assertThat(containerd.commands).containsExactly("stop default/web 10s");
    assertThat(model.statusProperty().get()).isEqualTo("Stopped web-name");
    assertThat(row("web-name").state()).as("re-read after the command").isEqualTo("stopped");

    model.start(List.of(row("job-name")));
    assertThat(containerd.commands).endsWith("start k8s.io/job");
    assertThat(row("job-name").running()).isTrue();

    model.remove(List.of(row("web-name")));
    assertThat(containerd.commands).endsWith("remove default/web");
    assertThat(model.containersProperty())
        .extracting(ContainerdRow::name)
        .containsExactly("job-name");
    assertThat(model.errorProperty().get()).isEmpty();
    assertThat(model.busyProperty().get()).isFalse();
  }

  @Test
  void removingARunningContainerIsRefusedWithWhatToDoAndNothingReachesContainerd() {
    containerd.put(container("default", "web", TaskState.RUNNING, 1, null));
    containerd.put(container("default", "job", TaskState.STOPPED, 0, 0));
    opened();

    assertThat(ContainerdViewModel.canRemove(List.of(row("web-name")))).isFalse();
    model.remove(List.of(row("web-name")));
    assertThat(containerd.commands).isEmpty();
    assertThat(model.errorProperty().get())
        .isEqualTo("web-name is running: stop it first, then remove it.");

    assertThat(model.removalQuestion(List.of(row("web-name"), row("job-name"))))
        .contains("Remove container job-name")
        .contains("1 running container stays: stop it first.");
    model.remove(List.of(row("web-name"), row("job-name")));
    assertThat(containerd.commands).containsExactly("remove default/job");
    assertThat(model.errorProperty().get())
        .isEqualTo("web-name is running: stop it first, then remove it.");
  }

  @Test
  void removingAnImageAsksWhatItRemovesAndReachesContainerdByName() {
    containerd.putImage(image("default", "docker.io/library/busybox:1.36", 1));
    opened();
    var busybox = model.imagesProperty().getFirst();

    assertThat(model.imageRemovalQuestion(List.of(busybox)))
        .startsWith("Remove image docker.io/library/busybox:1.36 from namespace default?");
    model.removeImages(List.of(busybox));

    assertThat(containerd.commands)
        .containsExactly("removeImage default/docker.io/library/busybox:1.36");
    assertThat(model.imagesProperty()).isEmpty();
  }

  @Test
  void containerdsRefusalIsShownInItsWordsAndTheListsAndFilterStay() {
    containerd.put(container("default", "web", TaskState.RUNNING, 1, null));
    containerd.put(container("default", "api", TaskState.RUNNING, 2, null));
    opened();
    model.filterTextProperty().set("web");
    containerd.commandFailure =
        new EngineException(
            "Stopping web failed: containerd said: context deadline exceeded."
                + " Try again, or restart the VM.");

    model.stop(List.of(row("web-name")));

    assertThat(model.errorProperty().get())
        .isEqualTo(
            "web-name: Stopping web failed: containerd said: context deadline"
                + " exceeded. Try again, or restart the VM.");
    assertThat(model.statusProperty().get()).isEmpty();
    assertThat(model.containersProperty()).hasSize(2);
    assertThat(shownNames()).containsExactly("web-name");
    assertThat(model.filterTextProperty().get()).isEqualTo("web");
    assertThat(model.busyProperty().get()).isFalse();
  }

  @Test
  void aFailedReadIsANoticeAndKeepsTheRows() {
    containerd.put(container("default", "web", TaskState.RUNNING, 1, null));
    opened();
    containerd.readFailure =
        new EngineException(
            "Listing containerd's containers failed: the VM's containerd did not answer.");

    containerd.emitChanged("default", "/tasks/exit");

    assertThat(model.noticeProperty().get())
        .isEqualTo(
            "Reading containerd failed: Listing containerd's containers failed: the VM's containerd did not answer.");
    assertThat(shownNames()).containsExactly("web-name");

    containerd.readFailure = null;
    containerd.emitChanged("default", "/tasks/exit");
    assertThat(model.noticeProperty().get()).isEmpty();
  }

  @Test
  void eventsOfTheShownNamespaceReReadAndOthersDoNot() {
    containerd.put(container("default", "web", TaskState.RUNNING, 1, null));
    containerd.put(container("k8s.io", "pause", TaskState.RUNNING, 2, null));
    opened();
    var reads = containerd.containerReads.size();

    containerd.emitChanged("k8s.io", "/tasks/start");
    assertThat(containerd.containerReads).hasSize(reads);

    containerd.put(container("default", "api", TaskState.RUNNING, 3, null));
    containerd.emitChanged("default", "/containers/create");
    assertThat(containerd.containerReads).hasSize(reads + 1);
    assertThat(shownNames()).containsExactly("api-name", "web-name");
  }

  @Test
  void aBurstOfEventsIsAFewReadsNotOnePerEvent() throws Exception {
    uiThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("fake-ui").factory());
    UiDispatcher ui = uiThread::execute;
    source.engine = Optional.of(containerd);
    containerd.put(container("default", "web", TaskState.RUNNING, 1, null));
    model =
        new ContainerdViewModel(
            source,
            new Background(Executors.newVirtualThreadPerTaskExecutor(), ui),
            ContainerdViewModel.SETTLE);
    onUi(
        () -> {
          model.open();
          return null;
        });
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> onUi(() -> shownNames().equals(List.of("web-name"))));
    var before = containerd.containerReads.size();

    containerd.put(container("default", "api", TaskState.RUNNING, 2, null));
    for (int i = 0; i < 500; i++) containerd.emitChanged("default", "/tasks/exec-added");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> onUi(() -> shownNames().contains("api-name")));
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> containerd.containerReads.size() - before <= 3);
    assertThat(containerd.containerReads.size() - before)
        .as("reads for 500 events")
        .isBetween(1, 3);
  }

  @Test
  void aBrokenStreamSaysSoAndReconnectingReReads() {
    containerd.put(container("default", "web", TaskState.RUNNING, 1, null));
    opened();
    var reads = containerd.containerReads.size();

    containerd.listener().disconnected("connection refused");
    assertThat(model.noticeProperty().get())
        .isEqualTo("containerd stopped answering: connection refused — it reconnects by itself");
    assertThat(shownNames()).as("the last lists stay").containsExactly("web-name");

    containerd.put(container("default", "api", TaskState.RUNNING, 2, null));
    containerd.listener().connected();
    assertThat(model.noticeProperty().get()).isEmpty();
    assertThat(containerd.containerReads).hasSize(reads + 1);
    assertThat(shownNames()).containsExactly("api-name", "web-name");
  }

  @Test
  void aClosedPageNoLongerFollowsTheSource() {
    opened();
    assertThat(source.listeners).hasSize(1);

    model.close();

    assertThat(source.listeners).as("the page let go of the VM's containerd").isEmpty();
  }

  @Test
  void withoutContainerdThePageSaysWhyAndWhatToDo() {
    source.absence = ContainerdSource.Absence.VM_RUNS_MOBY;
    model = new ContainerdViewModel(source, Background.sameThread(), Duration.ZERO);
    model.open();

    assertThat(model.availableProperty().get()).isFalse();
    assertThat(model.noticeProperty().get())
        .isEqualTo(
            "Drover's VM runs the Docker engine (moby). Choose the containerd"
                + " engine in Settings → VM, then restart the VM.");

    source.absence = ContainerdSource.Absence.VM_NOT_RUNNING;
    source.changed();
    assertThat(model.noticeProperty().get()).startsWith("The VM is not running.");
    assertThat(model.containersProperty()).isEmpty();
  }

  @Test
  void theListsFollowTheSourceAsTheVmComesAndGoes() {
    model = new ContainerdViewModel(source, Background.sameThread(), Duration.ZERO);
    model.open();
    containerd.put(container("default", "web", TaskState.RUNNING, 1, null));

    source.engine = Optional.of(containerd);
    source.changed();
    assertThat(model.availableProperty().get()).isTrue();
    assertThat(shownNames()).containsExactly("web-name");
    assertThat(model.noticeProperty().get()).isEmpty();

    source.engine = Optional.empty();
    source.changed();
    assertThat(model.availableProperty().get()).isFalse();
    assertThat(model.containersProperty()).isEmpty();
    assertThat(containerd.openStreams.get()).as("the event stream is closed with the VM").isZero();
    assertThat(model.noticeProperty().get()).startsWith("The VM is not running.");
  }

  private <T> T onUi(Callable<T> read) throws Exception {
    return uiThread.submit(read).get();
  }

  /** The VM wiring's part: an engine or not, and a change signal. */
  private static final class SwitchableSource implements ContainerdSource {
    volatile Optional<ContainerdEngine> engine = Optional.empty();
    volatile Absence absence = Absence.VM_NOT_RUNNING;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Optional<ContainerdEngine> current() {
      return engine;
    }

    @Override
    public Absence absence() {
      return absence;
    }

    @Override
    public AutoCloseable subscribe(Runnable changed) {
      listeners.add(changed);
      return () -> listeners.remove(changed);
    }

    void changed() {
      listeners.forEach(Runnable::run);
    }
  }

  /**
   * An in-memory containerd: what it holds, the commands it was given, and the event streams it has
   * open.
   */
  private static final class FakeContainerd implements ContainerdEngine {
    private final Map<String, Map<String, ContainerdContainer>> containers =
        new ConcurrentHashMap<>();
    private final Map<String, Map<String, ContainerdImage>> images = new ConcurrentHashMap<>();
    final List<String> commands = new CopyOnWriteArrayList<>();
    final List<String> containerReads = new CopyOnWriteArrayList<>();
    final AtomicInteger openStreams = new AtomicInteger();
    private final List<ContainerdListener> listeners = new CopyOnWriteArrayList<>();
    volatile RuntimeException commandFailure;
    volatile RuntimeException readFailure;

    void put(ContainerdContainer container) {
      containers
          .computeIfAbsent(container.namespace(), n -> new ConcurrentHashMap<>())
          .put(container.id(), container);
    }

    void putImage(ContainerdImage image) {
      images
          .computeIfAbsent(image.namespace(), n -> new ConcurrentHashMap<>())
          .put(image.name(), image);
    }

    void dropNamespace(String namespace) {
      containers.remove(namespace);
      images.remove(namespace);
    }

    ContainerdListener listener() {
      return listeners.getLast();
    }

    void emitChanged(String namespace, String topic) {
      listeners.forEach(listener -> listener.changed(namespace, topic));
    }

    @Override
    public String version() {
      return "1.7.24";
    }

    @Override
    public List<String> namespaces() {
      var names = new TreeSet<String>(containers.keySet());
      names.addAll(images.keySet());
      return List.copyOf(names);
    }

    @Override
    public List<ContainerdContainer> containers(String namespace) {
      containerReads.add(namespace);
      if (readFailure != null) throw readFailure;
      return List.copyOf(containers.getOrDefault(namespace, Map.of()).values());
    }

    @Override
    public List<ContainerdImage> images(String namespace) {
      return List.copyOf(images.getOrDefault(namespace, Map.of()).values());
    }

    private void command(String text) {
      commands.add(text);
      if (commandFailure != null) throw commandFailure;
    }

    private void replaceState(String namespace, String id, TaskState state) {
      var old = containers.get(namespace).get(id);
      put(
          new ContainerdContainer(
              namespace,
              id,
              old.image(),
              old.runtime(),
              old.labels(),
              old.created(),
              state,
              state == TaskState.RUNNING ? 99 : 0,
              state == TaskState.STOPPED ? Optional.of(143) : Optional.empty()));
    }

    @Override
    public void start(String namespace, String containerId) {
      command("start " + namespace + "/" + containerId);
      replaceState(namespace, containerId, TaskState.RUNNING);
    }

    @Override
    public void stop(String namespace, String containerId, Duration grace) {
      command("stop " + namespace + "/" + containerId + " " + grace.toSeconds() + "s");
      replaceState(namespace, containerId, TaskState.STOPPED);
    }

    @Override
    public void remove(String namespace, String containerId) {
      command("remove " + namespace + "/" + containerId);
      containers.get(namespace).remove(containerId);
    }

    @Override
    public void removeImage(String namespace, String imageName) {
      command("removeImage " + namespace + "/" + imageName);
      images.get(namespace).remove(imageName);
    }

    @Override
    public AutoCloseable subscribe(ContainerdListener listener) {
      listeners.add(listener);
      openStreams.incrementAndGet();
      return () -> {
        if (listeners.remove(listener)) openStreams.decrementAndGet();
      };
    }

    @Override
    public void close() {}
  }

  @Test
  void withNoVmInUseTheNoticeSaysSoAndSpeaksOfNoRunningVm() {
    source.absence = ContainerdSource.Absence.NO_VM;
    model = new ContainerdViewModel(source, Background.sameThread(), Duration.ZERO);
    model.open();

    assertThat(model.noticeProperty().get())
        .startsWith("No VM is in use")
        .doesNotContain("VM runs the Docker engine")
        .contains("Settings → VM");
  }

  @Test
  void aFilterThatMatchesNothingSaysSo() {
    containerd.put(container("default", "web", TaskState.RUNNING, 42, null));
    opened();

    model.filterTextProperty().set("nosuch");
    assertThat(model.visibleContainers()).isEmpty();
    assertThat(model.placeholderProperty().get())
        .isEqualTo("Nothing here matches “nosuch”. Clear the filter to see everything.");
    model.filterTextProperty().set("");
    assertThat(model.placeholderProperty().get()).startsWith("Nothing in namespace default yet");
  }
}
