package dev.drover.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.app.settings.SettingsStore;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.app.ui.settings.ClusterState;
import dev.drover.app.ui.settings.SettingsView;
import dev.drover.app.ui.settings.SettingsViewModel;
import dev.drover.app.ui.shell.FirstFrame;
import dev.drover.app.ui.shell.MainView;
import dev.drover.app.ui.shell.MainViewModel;
import dev.drover.app.ui.shell.Notice;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.app.ui.shell.Page;
import dev.drover.app.ui.shell.StatusBarViewModel;
import dev.drover.app.ui.shell.UncaughtErrorReporter;
import dev.drover.app.ui.tray.EngineControl;
import dev.drover.app.ui.troubleshooting.TroubleshootingView;
import dev.drover.app.ui.troubleshooting.TroubleshootingViewModel;
import dev.drover.app.ui.vm.VmStatusItem;
import dev.drover.app.wiring.Closer;
import dev.drover.app.wiring.EnginePages;
import dev.drover.app.wiring.EngineWiring;
import dev.drover.app.wiring.KubernetesWiring;
import dev.drover.app.wiring.Lazy;
import dev.drover.app.wiring.TrayWiring;
import dev.drover.app.wiring.VmWiring;
import dev.drover.engine.EngineEndpointResolver;
import dev.drover.kube.cluster.Kubeconfigs;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The composition root: builds every part of the app once, in the order the parts need each other
 * (each {@code wiring} part takes what it uses in its constructor), and hands them down through
 * constructors. Every part that holds a resource joins one {@link Closer}, which closes them in the
 * reverse order.
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
  private final Kubeconfigs kubeconfigs;
  private final Closer closer = new Closer();
  private final ExecutorService settingsWriter;
  private final EngineWiring engines;

  /** Made in {@link #show}: the Settings page's model, which the VM's engine choice reads. */
  private volatile SettingsViewModel settingsModel;

  /** Made in {@link #show}. */
  private volatile KubernetesWiring kubernetes;

  /**
   * Drover's VM, made after the first frame (the status bar shows a stopped VM's item until then),
   * or when a VM page is opened before that. Set in {@link #show}.
   */
  private volatile Lazy<VmWiring> vm;

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
    this.settingsWriter =
        closer.register(
            Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("settings-writer").factory()));
    this.engines =
        closer.register(
            new EngineWiring(
                loaded.settings().engineHostOverride(),
                resolver,
                () ->
                    settingsModel == null
                        ? loaded.settings().vm().engine()
                        : settingsModel.current().vm().engine()));
  }

  /** Reads the settings and sets up the engine rules; no toolkit needed, any thread. */
  public static Drover prepare(ConfigFolders folders, EngineEndpointResolver resolver) {
    return prepare(
        folders,
        resolver,
        Kubeconfigs.locate(System.getenv(), Path.of(System.getProperty("user.home"))));
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
  public CompletionStage<Void> kubernetesWarmedUp() {
    return kubernetes.warmedUp();
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
    reportUncaughtErrors(ui, notices);
    loaded
        .problem()
        .ifPresent(problem -> notices.report(new Notice("Settings were reset", problem)));
    var background = Background.virtualThreads(ui);
    var watcher = engines.watcher();

    // The VM closes after Kubernetes and the pages, which reach the VM while they run: whenever it
    // is made, it closes at this place in the order.
    closer.register(() -> madeVm().ifPresent(VmWiring::close));
    var kube =
        closer.register(
            new KubernetesWiring(
                folders, kubeconfigs, loaded.settings().kubernetes(), background, this::madeVm));
    kubernetes = kube;
    var settings = settings(ui, notices, background, kube);
    var main = new MainViewModel();
    var status = new StatusBarViewModel(ui, watcher::reconnectNow);
    var clusterState = new ClusterState(kube.localCluster(), settings, ui);
    clusterState.subscribe(() -> status.clusterChanged(clusterState.text()));
    status.clusterChanged(clusterState.text());
    var enginePages =
        closer.register(
            new EnginePages(
                engines,
                background,
                settings,
                () ->
                    engines.followsVm() ? madeVm().map(VmWiring::hostFolders) : Optional.empty()));
    var troubleshooting =
        new TroubleshootingViewModel(ui, store.file().toString(), folders.logsFolder().toString());
    watcher.subscribe(status);
    watcher.subscribe(enginePages.containers());
    watcher.subscribe(troubleshooting);

    var vmStatusItem = new VmStatusItem();
    var vm = Lazy.of(() -> vm(settings, background, kube, status, clusterState, vmStatusItem, ui));
    this.vm = vm;
    Runnable kubernetesChoice = () -> kube.settingsChanged(settings.current().kubernetes());
    settings.kubernetesEnabledProperty().addListener((obs, was, now) -> kubernetesChoice.run());
    settings.traefikProperty().addListener((obs, was, now) -> kubernetesChoice.run());
    settings.k3sVersionProperty().addListener((obs, was, now) -> kubernetesChoice.run());

    Map<Page, Supplier<Node>> pages = new EnumMap<>(Page.class);
    // The sidebar's Containers entry goes back to the list from a container's details page.
    main.subscribe(Page.CONTAINERS, enginePages.containers()::closeDetails);
    pages.put(Page.CONTAINERS, enginePages::containersPage);
    pages.put(Page.IMAGES, enginePages::imagesPage);
    pages.put(Page.VOLUMES, enginePages::volumesPage);
    pages.put(Page.NETWORKS, enginePages::networksPage);
    pages.put(Page.CONTAINERD, enginePages::containerdPage);
    pages.put(Page.KUBERNETES, () -> kube.page(settings));
    pages.put(
        Page.SETTINGS, () -> scrolling(new SettingsView(settings), vm.get().settingsSection()));
    pages.put(
        Page.TROUBLESHOOTING,
        () ->
            scrolling(new TroubleshootingView(troubleshooting), vm.get().troubleshootingSection()));

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
          // The VM's item, pages and tray controls follow the VM from here on; it opens below.
          var ownVm = vm.get();
          kube.createLocalCluster(); // before the VM opens, so k3s hears the VM's first Running
          if (exit != null) {
            // The tray starts and stops Drover's VM, unless Settings name another engine: that one
            // is not Drover's.
            EngineControl control =
                engines.userChoseEngine()
                    ? EngineControl.connectionOnly(watcher::reconnectNow)
                    : ownVm.engineControl();
            var tray =
                closer.register(
                    new TrayWiring(
                        stage,
                        main,
                        settings,
                        enginePages.containers(),
                        notices,
                        background,
                        exit,
                        watcher,
                        control,
                        kube.trayControl(clusterState)));
            clusterState.subscribe(tray::kubernetesChanged);
            tray.start();
          } else {
            settings.trayAvailable(false); // embedded (no exit given): no tray icon
          }
          watcher.subscribe(kube.warmUp());
          watcher.start();
          ownVm.open();
        });
    stage.show();
    return scene;
  }

  /**
   * Reports an uncaught error as a notice and in the log. The FX thread gets the handler directly
   * too, so a library's default handler cannot take FX errors away.
   */
  private void reportUncaughtErrors(UiDispatcher ui, NoticesViewModel notices) {
    var reporter = new UncaughtErrorReporter(ui, notices, folders.logsFolder().toString());
    Thread.setDefaultUncaughtExceptionHandler(reporter);
    Thread.currentThread().setUncaughtExceptionHandler(reporter);
  }

  /** The Settings page's model, saving on the settings writer, and the theme that follows it. */
  private SettingsViewModel settings(
      UiDispatcher ui, NoticesViewModel notices, Background background, KubernetesWiring kube) {
    var settings =
        new SettingsViewModel(
            loaded.settings(),
            store,
            new Background(settingsWriter, ui),
            notices,
            background,
            kube.k3sVersions(),
            kube.localCluster());
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
    return settings;
  }

  /**
   * Drover's VM (its driver, instance folder and view models), followed by the engine choice, the
   * containerd page, Kubernetes and the status bar. On the FX thread.
   */
  private VmWiring vm(
      SettingsViewModel settings,
      Background background,
      KubernetesWiring kube,
      StatusBarViewModel status,
      ClusterState clusterState,
      VmStatusItem vmStatusItem,
      UiDispatcher ui) {
    var wired =
        new VmWiring(
            loaded.settings().vm(),
            settings::updateVm,
            background,
            folders.vmInstance(VmWiring.VM_NAME),
            store.file(),
            folders.logsFolder());
    engines.follow(wired);
    wired.subscribe(
        vmStatus -> {
          kube.vmChanged(vmStatus);
          // The cluster exists only while the VM runs: the status bar says so as the VM comes and
          // goes.
          ui.post(() -> status.clusterChanged(clusterState.text()));
        });
    wired.attach(vmStatusItem);
    return wired;
  }

  /** Drover's VM if it was made already; never makes it. Any thread. */
  private Optional<VmWiring> madeVm() {
    var holder = vm;
    return holder == null ? Optional.empty() : holder.made();
  }

  private static Node scrolling(Node page, Node vmSection) {
    var scroll = new ScrollPane(new VBox(page, vmSection));
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
    closer.close();
  }
}
