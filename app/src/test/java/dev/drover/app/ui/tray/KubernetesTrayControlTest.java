package dev.drover.app.ui.tray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.kubernetes.LocalCluster;
import dev.drover.app.settings.Settings;
import dev.drover.app.settings.SettingsStore;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.app.ui.settings.ClusterState;
import dev.drover.app.ui.settings.SettingsViewModel;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.app.ui.shell.Page;
import dev.drover.kube.cluster.Kubeconfigs;
import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigMerger;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tray's Kubernetes items against real kubeconfig and settings files, with a same-thread "UI".
 */
class KubernetesTrayControlTest {

  private static final String KUBECONFIG =
      """
            apiVersion: v1
            kind: Config
            current-context: work
            clusters:
            - {name: work, cluster: {server: "https://work.example.com:6443"}}
            - {name: kind, cluster: {server: "https://127.0.0.1:40001"}}
            users:
            - {name: ada, user: {token: t}}
            contexts:
            - {name: work, context: {cluster: work, user: ada}}
            - {name: kind-dev, context: {cluster: kind, user: ada, namespace: shop}}
            """;

  @TempDir Path dir;

  private final NoticesViewModel notices = new NoticesViewModel();
  private final List<String> pageContexts = new ArrayList<>();

  private Path kubeconfig(String text) throws IOException {
    var file = dir.resolve(".kube").resolve("config");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private SettingsViewModel settings(Settings loaded) {
    return new SettingsViewModel(
        loaded, new SettingsStore(dir.resolve("settings.json")), Background.sameThread(), notices);
  }

  private KubernetesTrayControl control(Path kubeconfig, ClusterState cluster) {
    return new KubernetesTrayControl(
        cluster,
        new Kubeconfigs(List.of(kubeconfig)),
        new KubeconfigMerger(KubeconfigFiles.of(kubeconfig)),
        Runnable::run,
        pageContexts::add);
  }

  private ClusterState withoutVm(SettingsViewModel settings) {
    return new ClusterState(LocalCluster.withoutVm(), settings, UiDispatcher.immediate());
  }

  @Test
  void theMenuListsTheKubeconfigsContextsWithKubectlsCurrentOne() throws IOException {
    var control = control(kubeconfig(KUBECONFIG), withoutVm(settings(Settings.defaults())));

    var snapshot = control.snapshot();

    assertThat(snapshot.available()).isTrue();
    assertThat(snapshot.contexts()).containsExactly("work", "kind-dev");
    assertThat(snapshot.currentContext()).contains("work");
    assertThat(snapshot.enabled()).isFalse();
    assertThat(snapshot.state()).isEqualTo("off");
  }

  @Test
  void switchingContextMakesItKubectlsCurrentOneAndShowsItOnThePage() throws IOException {
    var file = kubeconfig(KUBECONFIG);
    var control = control(file, withoutVm(settings(Settings.defaults())));

    control.useContext("kind-dev");

    assertThat(Files.readString(file)).contains("current-context: \"kind-dev\"");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(new Kubeconfigs(List.of(file)).contexts())
        .filteredOn(c -> c.current())
        .extracting(c -> c.name())
        .containsExactly("kind-dev");
    assertThat(pageContexts).containsExactly("kind-dev");
    assertThat(control.snapshot().currentContext()).contains("kind-dev");
  }

  @Test
  void turningKubernetesOnFromTheTrayFlipsAndSavesTheSettingAndSaysItWaitsForTheVm()
      throws IOException {
    var settings = settings(Settings.defaults());
    var control = control(kubeconfig(KUBECONFIG), withoutVm(settings));

    control.setEnabled(true);

    assertThat(settings.kubernetesEnabledProperty().get()).isTrue();
    assertThat(
            new SettingsStore(dir.resolve("settings.json"))
                .load()
                .settings()
                .kubernetes()
                .enabled())
        .isTrue();
    var snapshot = control.snapshot();
    assertThat(snapshot.enabled()).isTrue();
    assertThat(snapshot.state()).isEqualTo("on — starts with the Drover VM");
  }

  @Test
  void theSettingsPageSwitchReachesTheTrayAndTheListeners() throws IOException {
    var settings = settings(Settings.defaults());
    var cluster = withoutVm(settings);
    var heard = new ArrayList<String>();
    cluster.subscribe(() -> heard.add(cluster.text()));
    var control = control(kubeconfig(KUBECONFIG), cluster);

    settings.kubernetesEnabledProperty().set(true);

    assertThat(control.snapshot().enabled()).isTrue();
    assertThat(heard).containsExactly("on — starts with the Drover VM");
  }

  @Test
  void aClosedSubscriptionHearsNoMoreChanges() throws Exception {
    var settings = settings(Settings.defaults());
    var cluster = withoutVm(settings);
    var heard = new ArrayList<String>();
    var subscription = cluster.subscribe(() -> heard.add(cluster.text()));

    subscription.close();
    settings.kubernetesEnabledProperty().set(true);

    assertThat(heard).isEmpty();
  }

  @Test
  void theStateComesFromTheK3sClusterWhenThereIsOne() throws IOException {
    var version = K3sVersion.parse("v1.33.1+k3s1").orElseThrow();
    var status =
        new AtomicReference<>(
            new K3sCluster.Status(
                K3sCluster.State.STARTING,
                Optional.of(version),
                OptionalInt.empty(),
                "Waiting for the Kubernetes API"));
    var listeners = new ArrayList<Runnable>();
    var cluster =
        new LocalCluster() {
          @Override
          public Optional<K3sCluster.Status> status() {
            return Optional.of(status.get());
          }

          @Override
          public AutoCloseable subscribe(Runnable changed) {
            listeners.add(changed);
            return () -> listeners.remove(changed);
          }

          @Override
          public Optional<String> unavailableReason() {
            return Optional.empty();
          }

          @Override
          public void reset() {}
        };
    var settings = settings(Settings.defaults());
    settings.kubernetesEnabledProperty().set(true);
    var state = new ClusterState(cluster, settings, UiDispatcher.immediate());
    var heard = new ArrayList<String>();
    state.subscribe(() -> heard.add(state.text()));
    var control = control(kubeconfig(KUBECONFIG), state);
    assertThat(control.snapshot().state()).isEqualTo("starting: Waiting for the Kubernetes API");

    status.set(
        new K3sCluster.Status(
            K3sCluster.State.RUNNING, Optional.of(version), OptionalInt.of(6443), "running"));
    listeners.forEach(Runnable::run);

    assertThat(heard).containsExactly("running (v1.33.1+k3s1)");
    assertThat(control.snapshot().state()).isEqualTo("running (v1.33.1+k3s1)");
  }

  @Test
  void aDamagedKubeconfigKeepsTheOnOffSwitch() throws IOException {
    var control =
        control(kubeconfig("clusters: [ {name: x\n"), withoutVm(settings(Settings.defaults())));

    var snapshot = control.snapshot();

    assertThat(snapshot.available()).isTrue();
    assertThat(snapshot.contexts()).isEmpty();
    assertThat(snapshot.state()).isEqualTo("off");
  }

  @Test
  void theTrayMenuShowsTheNewCurrentContextOnceTheSwitchIsDone() throws IOException {
    var control = control(kubeconfig(KUBECONFIG), withoutVm(settings(Settings.defaults())));
    var tray =
        new TrayViewModel(
            Background.sameThread(),
            EngineControl.connectionOnly(() -> {}),
            control,
            () -> 0,
            running -> true,
            new TrayViewModel.App() {
              @Override
              public void show(Page page) {}

              @Override
              public void exit() {}
            },
            notices);
    assertThat(tray.kubernetesProperty().get().currentContext()).contains("work");

    tray.useContext("kind-dev");

    KubernetesControl.Snapshot shown = tray.kubernetesProperty().get();
    assertThat(shown.currentContext()).contains("kind-dev");
    tray.useContext("gone");
    assertThat(notices.noticesProperty())
        .singleElement()
        .satisfies(
            notice ->
                assertThat(notice.toString())
                    .contains("Could not switch to context gone", "defines the context \"gone\""));
    assertThat(tray.kubernetesProperty().get().currentContext()).contains("kind-dev");
  }
}
