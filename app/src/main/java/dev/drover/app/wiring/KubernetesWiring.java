package dev.drover.app.wiring;

import dev.drover.app.kubernetes.KubernetesInVm;
import dev.drover.app.kubernetes.KubernetesWarmUp;
import dev.drover.app.kubernetes.LocalCluster;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.app.settings.KubernetesSettings;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.kubernetes.KubernetesView;
import dev.drover.app.ui.kubernetes.KubernetesViewModel;
import dev.drover.app.ui.kubernetes.PodDetailsView;
import dev.drover.app.ui.kubernetes.PodDetailsViewModel;
import dev.drover.app.ui.kubernetes.YamlViewModel;
import dev.drover.app.ui.settings.ClusterState;
import dev.drover.app.ui.settings.SettingsViewModel;
import dev.drover.app.ui.tray.KubernetesControl;
import dev.drover.app.ui.tray.KubernetesTrayControl;
import dev.drover.kube.cluster.ClusterConnector;
import dev.drover.kube.cluster.Kubeconfigs;
import dev.drover.kube.cluster.ResourceTypes;
import dev.drover.kube.cluster.forward.PortForwards;
import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigMerger;
import dev.drover.kube.k3s.K3sArch;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sVersions;
import dev.drover.kube.local.LocalK3s;
import dev.drover.kube.local.VmK3sGuest;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.VmGuest;
import dev.drover.vm.host.HostDrivers;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import javafx.scene.Node;

/**
 * Kubernetes in the app: k3s in Drover's VM (the local cluster), the Kubernetes page, and the
 * warm-up that loads the cluster client while the app is idle. The page's client is loaded on its
 * first visit, the local cluster's services after the first frame.
 */
public final class KubernetesWiring implements AutoCloseable {

  /**
   * Every cluster connection the app opens parses with one mapper, warmed while the app is idle.
   */
  private final ClusterConnector clusterConnector = new ClusterConnector();

  private final LocalK3s localK3s;
  private final Kubeconfigs kubeconfigs;
  private final Background background;
  private final KubernetesWarmUp warmUp;

  /** The k3s version service brings the HTTP client: built on first use, off the FX thread. */
  private final Lazy<K3sVersions> k3sVersions;

  private final LocalCluster.Deferred localCluster;
  private volatile KubernetesInVm inVm;
  private volatile PortForwards portForwards;
  private volatile KubernetesViewModel page;

  /**
   * @param saved the Kubernetes settings the app started with
   * @param vm Drover's VM, once it is wired; k3s runs in it
   */
  public KubernetesWiring(
      ConfigFolders folders,
      Kubeconfigs kubeconfigs,
      KubernetesSettings saved,
      Background background,
      Supplier<Optional<VmWiring>> vm) {
    this.localK3s = new LocalK3s(folders.cacheFolder());
    this.kubeconfigs = kubeconfigs;
    this.background = background;
    this.warmUp =
        new KubernetesWarmUp(
            clusterConnector,
            kubeconfigs,
            work -> Thread.ofVirtual().name("kubernetes-warm-up").start(work));
    this.k3sVersions = Lazy.of(() -> localK3s.versions());
    // k3s in the Drover VM, reached through the VM's engine; enabled and disabled by
    // KubernetesInVm. Made by create(), after the first frame (its services start logging and
    // load the HTTP stack); the status bar and Settings hold the deferred cluster from the start.
    this.localCluster = LocalCluster.deferred(() -> localCluster(saved, vm));
  }

  private LocalCluster localCluster(KubernetesSettings saved, Supplier<Optional<VmWiring>> vm) {
    var vmGuest =
        new VmGuest(
            () -> vm.get().flatMap(VmWiring::runningEngine),
            HostDrivers.forThisComputer().helperImage(),
            () -> vm.get().flatMap(VmWiring::guestPorts));
    var k3sBinaries = localK3s.binaries();
    var k3sCluster =
        localK3s.cluster(
            new VmK3sGuest(vmGuest), k3sBinaries, new KubeconfigFiles(kubeconfigs.files()));
    var made =
        new KubernetesInVm(
            k3sCluster,
            saved,
            kube ->
                new K3sCluster.Options(
                    k3sVersions
                        .get()
                        .resolve(
                            kube.pinnedVersion(),
                            k3sBinaries.cachedVersions(
                                K3sArch.parse(System.getProperty("os.arch"))
                                    .orElse(K3sArch.AMD64))),
                    kube.traefik()));
    inVm = made;
    return LocalCluster.of(
        k3sCluster, made::options, () -> vm.get().flatMap(VmWiring::runningEngine).isPresent());
  }

  /** The k3s releases, for the version choice in Settings. */
  public Supplier<K3sVersions> k3sVersions() {
    return k3sVersions;
  }

  /** The local cluster, a placeholder until {@link #createLocalCluster()}. */
  public LocalCluster localCluster() {
    return localCluster;
  }

  /** Makes the local cluster's services; before the VM opens, so k3s hears its first Running. */
  public void createLocalCluster() {
    localCluster.create();
  }

  /** Loads the cluster client once the engine's first answer is in. */
  public KubernetesWarmUp warmUp() {
    return warmUp;
  }

  /** When the warm-up has ended. */
  public CompletionStage<Void> warmedUp() {
    return warmUp.finished();
  }

  /** k3s runs while the VM runs. */
  public void vmChanged(VmStatus status) {
    var cluster = inVm;
    if (cluster != null) cluster.vmRunning(status instanceof VmStatus.Running);
  }

  /** The user turned the local cluster on or off, or changed its version or Traefik. */
  public void settingsChanged(KubernetesSettings next) {
    var cluster = inVm;
    if (cluster != null) cluster.settingsChanged(next);
  }

  /** The tray's Kubernetes menu: the local cluster and the contexts of the kubeconfig files. */
  public KubernetesControl trayControl(ClusterState clusterState) {
    return new KubernetesTrayControl(
        clusterState,
        kubeconfigs,
        new KubeconfigMerger(new KubeconfigFiles(kubeconfigs.files())),
        background.ui()::post,
        context -> {
          var shown = page;
          if (shown != null) shown.useContext(context); // else the page opens on the current one
        });
  }

  /**
   * The Kubernetes page, built on first visit: the Fabric8 client is not loaded before someone
   * looks at a cluster.
   */
  public Node page(SettingsViewModel settings) {
    portForwards = new PortForwards();
    var kubernetes =
        new KubernetesViewModel(background, kubeconfigs, clusterConnector, portForwards);
    page = kubernetes;
    return new KubernetesView(
        kubernetes,
        (pod, back) -> {
          var connection = kubernetes.connection();
          var podDetails =
              new PodDetailsViewModel(
                  background,
                  connection,
                  pod,
                  new YamlViewModel(
                      background, connection, ResourceTypes.PODS, pod.namespace(), pod.name()),
                  settings.current().logBufferLines());
          return new PodDetailsView(podDetails, back, settings.darkThemeProperty().get());
        });
  }

  @Override
  public void close() {
    var shown = page;
    if (shown != null) shown.close();
    var cluster = inVm;
    if (cluster != null) cluster.close();
    var forwards = portForwards;
    if (forwards != null) forwards.close();
    clusterConnector.close();
  }
}
