package dev.drover.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.drover.app.desktop.StartAtLogin;
import dev.drover.app.desktop.SystemBrowser;
import dev.drover.app.kubernetes.ClusterState;
import dev.drover.app.kubernetes.KubernetesInVm;
import dev.drover.app.kubernetes.KubernetesTrayControl;
import dev.drover.app.kubernetes.KubernetesWarmUp;
import dev.drover.app.kubernetes.LocalCluster;
import dev.drover.app.kubernetes.VmK3sGuest;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.app.settings.SettingsStore;
import dev.drover.app.tray.EngineControl;
import dev.drover.app.tray.KubernetesControl;
import dev.drover.app.tray.SystemTrayView;
import dev.drover.app.tray.TrayViewModel;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.containerd.ContainerdView;
import dev.drover.app.ui.containerd.ContainerdViewModel;
import dev.drover.app.ui.containers.ContainerDetails;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.app.ui.containers.ContainersView;
import dev.drover.app.ui.containers.ContainersViewModel;
import dev.drover.app.ui.containers.details.ContainerDetailsView;
import dev.drover.app.ui.containers.details.InspectViewModel;
import dev.drover.app.ui.containers.logs.LogsView;
import dev.drover.app.ui.containers.logs.LogsViewModel;
import dev.drover.app.ui.containers.run.RunContainerViewModel;
import dev.drover.app.ui.containers.stats.StatsView;
import dev.drover.app.ui.containers.stats.StatsViewModel;
import dev.drover.app.ui.images.ImagesView;
import dev.drover.app.ui.images.ImagesViewModel;
import dev.drover.app.ui.images.RegistriesViewModel;
import dev.drover.app.ui.kubernetes.KubernetesView;
import dev.drover.app.ui.kubernetes.KubernetesViewModel;
import dev.drover.app.ui.kubernetes.PodDetailsView;
import dev.drover.app.ui.kubernetes.PodDetailsViewModel;
import dev.drover.app.ui.kubernetes.YamlViewModel;
import dev.drover.app.ui.networks.NetworksView;
import dev.drover.app.ui.networks.NetworksViewModel;
import dev.drover.app.ui.settings.SettingsView;
import dev.drover.app.ui.settings.SettingsViewModel;
import dev.drover.app.ui.shell.Confirm;
import dev.drover.app.ui.shell.FirstFrame;
import dev.drover.app.ui.shell.MainView;
import dev.drover.app.ui.shell.MainViewModel;
import dev.drover.app.ui.shell.Notice;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.app.ui.shell.Page;
import dev.drover.app.ui.shell.StatusBarViewModel;
import dev.drover.app.ui.shell.UncaughtErrorReporter;
import dev.drover.app.ui.terminal.TerminalSessions;
import dev.drover.app.ui.terminal.TerminalView;
import dev.drover.app.ui.terminal.TerminalViewModel;
import dev.drover.app.ui.troubleshooting.TroubleshootingView;
import dev.drover.app.ui.troubleshooting.TroubleshootingViewModel;
import dev.drover.app.ui.vm.VmStatusItem;
import dev.drover.app.ui.volumes.VolumeBrowserViewModel;
import dev.drover.app.ui.volumes.VolumesView;
import dev.drover.app.ui.volumes.VolumesViewModel;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineEndpointResolver;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.EngineWatcher;
import dev.drover.engine.containers.ContainerService;
import dev.drover.engine.exec.ContainerShells;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.images.ImageBuilds;
import dev.drover.engine.images.ImageService;
import dev.drover.engine.logs.ContainerLogs;
import dev.drover.engine.networks.NetworkService;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.engine.stats.ContainerStats;
import dev.drover.engine.volumes.VolumeFiles;
import dev.drover.engine.volumes.VolumeService;
import dev.drover.icons.DroverIcons;
import dev.drover.kube.cluster.ClusterConnector;
import dev.drover.kube.cluster.Kubeconfigs;
import dev.drover.kube.cluster.ResourceTypes;
import dev.drover.kube.cluster.forward.PortForwards;
import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigMerger;
import dev.drover.kube.k3s.ApiReadiness;
import dev.drover.kube.k3s.K3sArch;
import dev.drover.kube.k3s.K3sBinaries;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sHttp;
import dev.drover.kube.k3s.K3sReleaseSite;
import dev.drover.kube.k3s.K3sVersions;
import dev.drover.vm.EngineSelection;
import dev.drover.vm.guest.VmGuest;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The composition root: builds every service and view model once and hands them down through
 * constructors.
 *
 * <p>{@link #prepare} does the file work that needs no toolkit (settings, endpoint rules), so a
 * launcher can run it while the toolkit starts; {@link #show} then builds the window on the FX
 * thread and starts the engine watcher. {@link #close} stops what {@link #show} started, including
 * a VM this app runs: it blocks up to the VM's stop grace, so call it off the FX thread.
 */
public final class Drover implements AutoCloseable {

  private final ConfigFolders folders;
  private final SettingsStore store;
  private final SettingsStore.LoadResult loaded;
  private final EngineSelection engineSelection;
  private final EngineWatcher engine;
  private final EngineClients clients;

  /**
   * Made on first use by {@link #registryLogins()} and {@link #imageService()}: not needed for the
   * first frame.
   */
  private RegistryCredentials registryLogins;

  private ImageService imageService;
  private final Kubeconfigs kubeconfigs;
  private final VmContainerd containerdSource;
  private volatile SettingsViewModel settingsModel;
  private ContainerdViewModel containerd;
  private PortForwards portForwards;
  private KubernetesViewModel kubernetes;

  /**
   * Every cluster connection the app opens parses with one mapper, warmed while the app is idle.
   */
  private final ClusterConnector clusterConnector = new ClusterConnector();

  /** Made in {@link #show}, with the window's background workers. */
  private KubernetesWarmUp kubernetesWarmUp;

  private TrayWiring trayWiring;
  private volatile VmWiring vm;
  private volatile KubernetesInVm kubernetesInVm;
  private final ExecutorService settingsWriter =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("settings-writer").factory());

  private Drover(
      ConfigFolders folders,
      SettingsStore store,
      SettingsStore.LoadResult loaded,
      EngineEndpointResolver resolver,
      Kubeconfigs kubeconfigs) {
    this.folders = folders;
    this.kubeconfigs = kubeconfigs;
    this.store = store;
    this.loaded = loaded;
    var override = loaded.settings().engineHostOverride();
    Supplier<EngineEndpoint> userEngine =
        override.isPresent()
            ? () -> EngineEndpoint.of("settings", URI.create(override.get()))
            : resolver::resolve;
    // The VM's engine while it runs, unless Settings name one (see EngineSelection for the rule).
    this.engineSelection = new EngineSelection(userEngine, override.isPresent());
    this.engine = new EngineWatcher(engineSelection);
    this.clients = new EngineClients(engineSelection);
    engineSelection.onSwitch(engine::endpointChanged);
    // The containerd page's engine: the VM's containerd while the VM runs with that engine (the VM
    // wiring feeds it).
    this.containerdSource =
        new VmContainerd(
            dev.drover.engine.containerd.ContainerdClients::openInVm,
            () ->
                settingsModel == null
                    ? loaded.settings().vm().engine()
                    : settingsModel.current().vm().engine());
  }

  /** Reads the settings and sets up the engine rules; no toolkit needed, any thread. */
  public static Drover prepare(ConfigFolders folders, EngineEndpointResolver resolver) {
    return prepare(
        folders,
        resolver,
        Kubeconfigs.locate(
            System.getenv(), java.nio.file.Path.of(System.getProperty("user.home"))));
  }

  /**
   * As {@link #prepare(ConfigFolders, EngineEndpointResolver)}, with the kubeconfig files to read
   * contexts from.
   */
  public static Drover prepare(
      ConfigFolders folders, EngineEndpointResolver resolver, Kubeconfigs kubeconfigs) {
    var store = new SettingsStore(folders.settingsFile());
    return new Drover(folders, store, store.load(), resolver, kubeconfigs);
  }

  /**
   * When the Kubernetes warm-up that follows the start-up has ended: the pods benchmark opens the
   * page after it.
   */
  public java.util.concurrent.CompletionStage<Void> kubernetesWarmedUp() {
    return kubernetesWarmUp.finished();
  }

  /**
   * Builds the window into {@code stage}, shows it and starts watching the engine. Call on the FX
   * thread.
   */
  public Scene show(Stage stage) {
    return show(stage, () -> {});
  }

  /**
   * As {@link #show(Stage)}, calling {@code firstFrame} on the FX thread once the first frame is on
   * screen and before the work that waits for it (the engine connection, the other pages'
   * services).
   */
  public Scene show(Stage stage, Runnable firstFrame) {
    return show(stage, firstFrame, null);
  }

  /**
   * As {@link #show(Stage, Runnable)}, for the app proper: once the first frame is on screen Drover
   * also puts its icon in the system tray, and closing the window keeps it running there (per the
   * settings). It ends through {@code exit}, from the tray's Quit or, with no tray, by closing the
   * window. Null {@code exit} embeds Drover in a host (the tests) that owns the window's lifetime:
   * no tray then.
   */
  public Scene show(Stage stage, Runnable firstFrame, Runnable exit) {
    var ui = new FxUiDispatcher();
    var notices = new NoticesViewModel();
    var reporter = new UncaughtErrorReporter(ui, notices, folders.logsFolder().toString());
    Thread.setDefaultUncaughtExceptionHandler(reporter);
    // The FX thread gets it directly too, so a library's default handler cannot take FX errors
    // away.
    Thread.currentThread().setUncaughtExceptionHandler(reporter);
    loaded
        .problem()
        .ifPresent(problem -> notices.report(new Notice("Settings were reset", problem)));

    // The k3s version service brings the HTTP client: built on first use, off the FX thread.
    Supplier<K3sVersions> k3sVersions =
        new java.util.function.Supplier<>() {
          private K3sVersions versions;

          @Override
          public synchronized K3sVersions get() {
            if (versions == null) {
              versions =
                  new K3sVersions(
                      K3sHttp.newClient(),
                      K3sReleaseSite.github(),
                      folders.cacheFolder().resolve("k3s"));
            }
            return versions;
          }
        };
    // k3s in the Drover VM, reached through the VM's engine; enabled and disabled by
    // KubernetesInVm. Made after
    // the first frame (its services start logging and load the HTTP stack); the status bar and
    // Settings hold
    // the deferred cluster from the start.
    var localCluster =
        LocalCluster.deferred(
            () -> {
              var vmGuest =
                  new VmGuest(
                      () -> vm == null ? Optional.empty() : vm.runningEngine(),
                      dev.drover.vm.host.HostDrivers.forThisComputer().helperImage(),
                      () -> vm == null ? Optional.empty() : vm.guestPorts());
              var k3sBinaries =
                  new K3sBinaries(
                      K3sHttp::newClient,
                      K3sReleaseSite.github(),
                      folders.cacheFolder().resolve("k3s"));
              var k3sCluster =
                  new K3sCluster(
                      new VmK3sGuest(vmGuest),
                      k3sBinaries,
                      new KubeconfigMerger(new KubeconfigFiles(kubeconfigs.files())),
                      ApiReadiness.fabric8(),
                      Duration.ofMinutes(5));
              kubernetesInVm =
                  new KubernetesInVm(
                      k3sCluster,
                      loaded.settings().kubernetes(),
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
              return LocalCluster.of(
                  k3sCluster,
                  kubernetesInVm::options,
                  () -> vm != null && vm.runningEngine().isPresent());
            });
    var settings =
        new SettingsViewModel(
            loaded.settings(),
            store,
            new Background(settingsWriter, ui),
            notices,
            Background.virtualThreads(ui),
            k3sVersions,
            localCluster);
    settingsModel = settings;
    var preferences = Platform.getPreferences();
    settings
        .systemPrefersDarkProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> preferences.getColorScheme() == ColorScheme.DARK,
                preferences.colorSchemeProperty()));
    applyTheme(settings.darkThemeProperty().get());
    settings.darkThemeProperty().addListener((obs, was, dark) -> applyTheme(dark));

    var main = new MainViewModel();
    var status = new StatusBarViewModel(ui, engine::reconnectNow);
    var clusterState = new ClusterState(localCluster, settings, ui);
    clusterState.addListener(() -> status.clusterChanged(clusterState.text()));
    status.clusterChanged(clusterState.text());
    var background = Background.virtualThreads(ui);
    kubernetesWarmUp = new KubernetesWarmUp(clusterConnector, kubeconfigs, background);
    // Runs pull with the login the Images page saved, through the same service as its Pull, made
    // when a run pulls.
    var containerService = new ContainerService(clients, this::imageService);
    var containers =
        new ContainersViewModel(
            background,
            containerService,
            new SystemBrowser(System.getProperty("os.name")),
            // Called on a background thread: the stats client is loaded there, not before the first
            // frame.
            (id, samples) -> new ContainerStats(clients).follow(id, samples),
            java.time.Clock.systemUTC());
    Supplier<RunContainerViewModel> runDialogs =
        () ->
            new RunContainerViewModel(
                background,
                containerService,
                () ->
                    clients.requests().listImagesCmd().exec().stream()
                        .flatMap(
                            image ->
                                image.getRepoTags() == null
                                    ? java.util.stream.Stream.empty()
                                    : java.util.Arrays.stream(image.getRepoTags()))
                        .filter(tag -> !tag.startsWith("<none>"))
                        .sorted()
                        .toList(),
                () ->
                    vm != null && engineSelection.followsVm()
                        ? Optional.of(vm.hostFolders())
                        : Optional.empty());
    var troubleshooting =
        new TroubleshootingViewModel(ui, store.file().toString(), folders.logsFolder().toString());
    engine.addListener(status);
    engine.addListener(containers);
    engine.addListener(troubleshooting);

    Map<Page, Supplier<Node>> pages = new EnumMap<>(Page.class);
    ContainerDetails details =
        (container, back) -> {
          var containerLogs = new ContainerLogs(clients);
          var containerStats = new ContainerStats(clients);
          var logs =
              new LogsViewModel(
                  containerLogs,
                  background,
                  ui,
                  container.id(),
                  settings.current().logBufferLines());
          engine.addListener(logs);
          var inspect =
              new InspectViewModel(background, () -> containerService.inspect(container.id()));
          var stats = new StatsViewModel(containerStats, ui, container.id());
          stats.start();
          var terminal =
              new TerminalViewModel(
                  TerminalSessions.inContainer(new ContainerShells(clients), container.id()),
                  background);
          Runnable close =
              () -> {
                terminal.close();
                stats.close();
                logs.close();
                engine.removeListener(logs);
                back.run();
              };
          return new ContainerDetails.Opened(
              new ContainerDetailsView(
                  container.name(),
                  new LogsView(logs),
                  new StatsView(stats),
                  inspect,
                  () -> new TerminalView(terminal, settings.darkThemeProperty().get()),
                  close),
              close);
        };
    // The sidebar's Containers entry goes back to the list from a container's details page.
    main.subscribe(Page.CONTAINERS, containers::closeDetails);
    pages.put(Page.CONTAINERS, () -> new ContainersView(containers, runDialogs, details));
    // The other engine pages are not needed for the first frame: their services load the JSON and
    // HTTP stack.
    var enginePages = new EnginePages(background);
    pages.put(
        Page.IMAGES,
        () -> new ImagesView(enginePages.images()).withRegistries(enginePages.registries()));
    pages.put(
        Page.VOLUMES,
        () ->
            new VolumesView(
                enginePages.volumes(),
                volume ->
                    new VolumeBrowserViewModel(background, new VolumeFiles(clients), volume)));
    pages.put(Page.NETWORKS, () -> new NetworksView(enginePages.networks()));
    pages.put(
        Page.CONTAINERD,
        () -> {
          containerd = new ContainerdViewModel(containerdSource, background);
          containerd.open();
          return new ContainerdView(containerd);
        });
    pages.put(
        Page.KUBERNETES,
        () -> {
          // Built on first visit: the Fabric8 client is not loaded before someone looks at a
          // cluster.
          portForwards = new PortForwards();
          kubernetes =
              new KubernetesViewModel(background, kubeconfigs, clusterConnector, portForwards);
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
                            background,
                            connection,
                            ResourceTypes.PODS,
                            pod.namespace(),
                            pod.name()),
                        settings.current().logBufferLines());
                return new PodDetailsView(podDetails, back, settings.darkThemeProperty().get());
              });
        });
    // The VM's wiring (its driver, instance folder and view models) comes after the first frame,
    // which shows the
    // status bar's VM item as a stopped VM's; a VM page opened before that makes it then. On the FX
    // thread.
    var vmStatusItem = new VmStatusItem();
    Supplier<VmWiring> vmWiring =
        () -> {
          if (vm != null) return vm;
          var wired =
              new VmWiring(
                  loaded.settings().vm(),
                  settings::updateVm,
                  background,
                  folders.vmInstance(VmWiring.VM_NAME),
                  store.file(),
                  folders.logsFolder());
          wired.follow(engineSelection);
          wired.follow(containerdSource);
          wired.subscribe(
              vmStatus -> {
                var inVm = kubernetesInVm;
                if (inVm != null)
                  inVm.vmRunning(vmStatus instanceof dev.drover.vm.VmStatus.Running);
                // The cluster exists only while the VM runs: the status bar says so as the VM comes
                // and goes.
                ui.post(() -> status.clusterChanged(clusterState.text()));
              });
          wired.attach(vmStatusItem);
          vm = wired;
          return wired;
        };
    Runnable kubernetesChoice =
        () -> {
          var inVm = kubernetesInVm;
          if (inVm != null) inVm.settingsChanged(settings.current().kubernetes());
        };
    settings.kubernetesEnabledProperty().addListener((obs, was, now) -> kubernetesChoice.run());
    settings.traefikProperty().addListener((obs, was, now) -> kubernetesChoice.run());
    settings.k3sVersionProperty().addListener((obs, was, now) -> kubernetesChoice.run());
    pages.put(
        Page.SETTINGS,
        () -> scrolling(new SettingsView(settings), vmWiring.get().settingsSection()));
    pages.put(
        Page.TROUBLESHOOTING,
        () ->
            scrolling(
                new TroubleshootingView(troubleshooting), vmWiring.get().troubleshootingSection()));

    var mainView = new MainView(main, status, notices, pages);
    mainView.addStatusItem(vmStatusItem);
    var scene = new Scene(mainView, 1100, 700);
    stage.setTitle("Drover");
    stage.setScene(scene);
    // Until the tray is set up (after the first frame), closing the window simply ends Drover.
    if (exit != null) stage.setOnCloseRequest(close -> exit.run());
    // The engine client is heavy to load; the window comes first, then the connection.
    FirstFrame.whenRendered(
        scene,
        () -> {
          firstFrame.run();
          vmWiring
              .get(); // the VM's item, pages and tray controls follow the VM from here on; it opens
          // below
          localCluster.create(); // before the VM opens, so k3s hears the VM's first Running
          if (exit != null) {
            var trayKubernetes =
                new KubernetesTrayControl(
                    clusterState,
                    kubeconfigs,
                    new KubeconfigMerger(new KubeconfigFiles(kubeconfigs.files())),
                    ui,
                    context -> {
                      if (kubernetes != null)
                        kubernetes.useContext(
                            context); // else the page opens on kubectl's current one
                    });
            trayWiring =
                new TrayWiring(
                    stage, main, settings, containers, notices, background, exit, trayKubernetes);
            clusterState.addListener(trayWiring.tray::kubernetesChanged);
            trayWiring.start();
          } else {
            settings.trayAvailable(false); // embedded (no exit given): no tray icon
          }
          engine.addListener(kubernetesWarmUp);
          engine.start();
          vm.open();
        });
    stage.show();
    return scene;
  }

  /**
   * The saved registry logins, one instance for pulls, builds and the Registries list; made on
   * first use.
   */
  private synchronized RegistryCredentials registryLogins() {
    if (registryLogins == null) registryLogins = RegistryCredentials.forThisMachine(clients);
    return registryLogins;
  }

  /**
   * The one image service, for the Images page and a run's pull. Made on first use, not on the
   * start-up path: it brings the JSON stack, which the first frame does without.
   */
  private synchronized ImageService imageService() {
    if (imageService == null) imageService = new DockerImageService(clients, registryLogins());
    return imageService;
  }

  /**
   * The Images, Volumes and Networks view models, each built when its page is first opened (on the
   * FX thread) and from then on following the engine. Until then nothing reads images, volumes or
   * networks: at start-up the engine and both cores serve the Containers table the user is looking
   * at.
   */
  private final class EnginePages {
    private final Background background;
    private ImagesViewModel images;
    private RegistriesViewModel registries;
    private VolumesViewModel volumes;
    private NetworksViewModel networks;

    EnginePages(Background background) {
      this.background = background;
    }

    ImagesViewModel images() {
      if (images == null) {
        images =
            following(
                new ImagesViewModel(
                    imageService(),
                    new ImageBuilds(clients, registryLogins()),
                    background,
                    background.ui()),
                ImagesViewModel::refresh);
      }
      return images;
    }

    RegistriesViewModel registries() {
      if (registries == null) registries = new RegistriesViewModel(registryLogins(), background);
      return registries;
    }

    VolumesViewModel volumes() {
      if (volumes == null)
        volumes =
            following(
                new VolumesViewModel(new VolumeService(clients), background),
                VolumesViewModel::refresh);
      return volumes;
    }

    NetworksViewModel networks() {
      if (networks == null)
        networks =
            following(
                new NetworksViewModel(new NetworkService(clients), background),
                NetworksViewModel::refresh);
      return networks;
    }

    /**
     * Listens first, then reads if the engine already answered: whichever comes first, nothing is
     * missed.
     */
    private <M extends EngineListener> M following(M model, Consumer<M> refresh) {
      engine.addListener(model);
      var now = engine.status();
      if (now instanceof EngineStatus.Connected) {
        model.statusChanged(now);
        refresh.accept(model);
      }
      return model;
    }
  }

  /**
   * The tray, the window icons, the close-to-tray policy and start-at-login: app-only parts, set up
   * after the first frame (AWT and the icons are not needed for it).
   */
  private final class TrayWiring {
    private final Stage stage;
    private final MainViewModel main;
    private final SettingsViewModel settings;
    private final NoticesViewModel notices;
    private final Background background;
    private final Runnable exit;
    private final TrayViewModel tray;
    private volatile java.util.Optional<SystemTrayView> trayView = java.util.Optional.empty();

    TrayWiring(
        Stage stage,
        MainViewModel main,
        SettingsViewModel settings,
        ContainersViewModel containers,
        NoticesViewModel notices,
        Background background,
        Runnable exit,
        KubernetesControl kubernetesControl) {
      this.stage = stage;
      this.main = main;
      this.settings = settings;
      this.notices = notices;
      this.background = background;
      this.exit = exit;
      // The tray starts and stops Drover's VM, unless Settings name another engine: that one is not
      // Drover's.
      EngineControl control =
          loaded.settings().engineHostOverride().isPresent()
              ? EngineControl.connectionOnly(engine::reconnectNow)
              : vm.engineControl();
      this.tray =
          new TrayViewModel(
              background,
              control,
              kubernetesControl,
              () -> (int) containers.rowsProperty().stream().filter(ContainerRow::running).count(),
              running ->
                  Confirm.ask(
                      stage.getScene().getRoot(),
                      "Quit Drover while "
                          + running
                          + (running == 1 ? " container runs?" : " containers run?"),
                      control.ownsEngine()
                          ? "The engine stops with Drover, and its containers with it."
                          : "They keep running in the engine, but Drover stops watching them.",
                      "Quit",
                      "confirm-quit"),
              new TrayViewModel.App() {
                @Override
                public void show(Page page) {
                  if (page != null) main.show(page);
                  stage.show();
                  stage.setIconified(false);
                  stage.toFront();
                }

                @Override
                public void exit() {
                  trayView.ifPresent(SystemTrayView::close);
                  TrayWiring.this.exit.run();
                }
              },
              notices);
    }

    void start() {
      stage
          .getIcons()
          .setAll(DroverIcons.window().stream().map(url -> new Image(url.toString())).toList());
      engine.addListener(tray);
      stage.setOnCloseRequest(
          close -> {
            close.consume();
            if (trayView.isPresent() && settings.closeToTrayProperty().get()) stage.hide();
            else tray.quit();
          });
      // AWT starts on a thread of its own: its start-up must not hold the FX thread.
      Thread.ofPlatform()
          .name("tray-setup")
          .daemon()
          .start(
              () -> {
                // Known before the icon appears, so a close as soon as it shows already hides into
                // the tray.
                var created = SystemTrayView.create(tray, background.ui()::post);
                trayView = created;
                if (created.isPresent() && !created.get().show())
                  trayView = java.util.Optional.empty();
                var inTray = trayView.isPresent();
                background.ui().post(() -> settings.trayAvailable(inTray));
              });
      var login = StartAtLogin.forThisMachine();
      java.util.function.Consumer<Boolean> applyLogin =
          on ->
              background.run(
                  () -> login.apply(on),
                  failure ->
                      notices.report(
                          new Notice(
                              "Start at login could not be " + (on ? "turned on" : "turned off"),
                              failure.getMessage())));
      settings.startAtLoginProperty().addListener((obs, was, on) -> applyLogin.accept(on));
      // Again at each start: an update may have moved the launcher the entry points at.
      if (settings.startAtLoginProperty().get()) applyLogin.accept(true);
    }

    void close() {
      trayView.ifPresent(SystemTrayView::close);
    }
  }

  private static Node scrolling(Node page, Node vmSection) {
    var scroll = new javafx.scene.control.ScrollPane(new javafx.scene.layout.VBox(page, vmSection));
    scroll.setFitToWidth(true);
    return scroll;
  }

  private static void applyTheme(boolean dark) {
    Application.setUserAgentStylesheet(
        dark
            ? new PrimerDark().getUserAgentStylesheet()
            : new PrimerLight().getUserAgentStylesheet());
  }

  @Override
  public void close() {
    if (containerd != null) containerd.close();
    containerdSource.close();
    if (kubernetes != null) kubernetes.close();
    if (kubernetesInVm != null) kubernetesInVm.close();
    if (portForwards != null) portForwards.close();
    clusterConnector.close();
    if (trayWiring != null) trayWiring.close();
    if (vm != null) vm.close();
    engine.close();
    clients.close();
    settingsWriter.close();
  }
}
