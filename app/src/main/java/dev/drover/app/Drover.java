package dev.drover.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.app.settings.SettingsStore;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.containers.ContainersView;
import dev.drover.app.ui.containers.ContainerDetails;
import dev.drover.app.ui.containers.ContainersViewModel;
import dev.drover.app.ui.containers.details.ContainerDetailsView;
import dev.drover.app.ui.containers.details.InspectViewModel;
import dev.drover.app.ui.containers.logs.LogsView;
import dev.drover.app.ui.containers.logs.LogsViewModel;
import dev.drover.app.ui.containers.stats.StatsView;
import dev.drover.app.ui.containers.stats.StatsViewModel;
import dev.drover.engine.stats.ContainerStats;
import dev.drover.app.ui.images.ImagesView;
import dev.drover.app.ui.images.ImagesViewModel;
import dev.drover.app.ui.networks.NetworksView;
import dev.drover.app.ui.networks.NetworksViewModel;
import dev.drover.app.ui.volumes.VolumesView;
import dev.drover.app.ui.volumes.VolumesViewModel;
import dev.drover.app.ui.volumes.VolumeBrowserViewModel;
import dev.drover.engine.volumes.VolumeFiles;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.images.ImageBuilds;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.app.ui.images.RegistriesViewModel;
import dev.drover.engine.logs.ContainerLogs;
import dev.drover.engine.networks.NetworkService;
import dev.drover.engine.volumes.VolumeService;
import dev.drover.app.ui.containers.run.RunContainerViewModel;
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
import dev.drover.app.ui.kubernetes.KubernetesView;
import dev.drover.app.ui.kubernetes.KubernetesViewModel;
import dev.drover.app.ui.kubernetes.PodDetailsView;
import dev.drover.app.ui.kubernetes.PodDetailsViewModel;
import dev.drover.app.ui.kubernetes.YamlViewModel;
import dev.drover.kube.cluster.ResourceTypes;
import dev.drover.kube.cluster.ClusterConnection;
import dev.drover.kube.cluster.Kubeconfigs;
import dev.drover.kube.cluster.forward.PortForwards;
import dev.drover.app.ui.troubleshooting.TroubleshootingView;
import dev.drover.app.ui.troubleshooting.TroubleshootingViewModel;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineEndpointResolver;
import dev.drover.engine.EngineWatcher;
import dev.drover.engine.EngineClients;
import dev.drover.engine.containers.ContainerService;
import dev.drover.app.desktop.SystemBrowser;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The composition root: builds every service and view model once and hands them down through constructors.
 *
 * <p>{@link #prepare} does the file work that needs no toolkit (settings, endpoint rules), so a launcher can
 * run it while the toolkit starts; {@link #show} then builds the window on the FX thread and starts the engine
 * watcher. {@link #close} stops what {@link #show} started.
 */
public final class Drover implements AutoCloseable {

    private final ConfigFolders folders;
    private final SettingsStore store;
    private final SettingsStore.LoadResult loaded;
    private final EngineWatcher engine;
    private final EngineClients clients;
    private final Kubeconfigs kubeconfigs;
    private PortForwards portForwards;
    private KubernetesViewModel kubernetes;
    private final ExecutorService settingsWriter = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("settings-writer").factory());

    private Drover(ConfigFolders folders, SettingsStore store, SettingsStore.LoadResult loaded, EngineEndpointResolver resolver,
                   Kubeconfigs kubeconfigs) {
        this.folders = folders;
        this.kubeconfigs = kubeconfigs;
        this.store = store;
        this.loaded = loaded;
        var override = loaded.settings().engineHostOverride();
        Supplier<EngineEndpoint> endpoints = override.isPresent()
                ? () -> EngineEndpoint.of("settings", URI.create(override.get()))
                : resolver::resolve;
        this.engine = new EngineWatcher(endpoints);
        this.clients = new EngineClients(endpoints);
    }

    /** Reads the settings and sets up the engine rules; no toolkit needed, any thread. */
    public static Drover prepare(ConfigFolders folders, EngineEndpointResolver resolver) {
        return prepare(folders, resolver, Kubeconfigs.locate(System.getenv(), java.nio.file.Path.of(System.getProperty("user.home"))));
    }

    /** As {@link #prepare(ConfigFolders, EngineEndpointResolver)}, with the kubeconfig files to read contexts from. */
    public static Drover prepare(ConfigFolders folders, EngineEndpointResolver resolver, Kubeconfigs kubeconfigs) {
        var store = new SettingsStore(folders.settingsFile());
        return new Drover(folders, store, store.load(), resolver, kubeconfigs);
    }

    /** Builds the window into {@code stage}, shows it and starts watching the engine. Call on the FX thread. */
    public Scene show(Stage stage) {
        return show(stage, () -> { });
    }

    /**
     * As {@link #show(Stage)}, calling {@code firstFrame} on the FX thread once the first frame is on screen and
     * before the work that waits for it (the engine connection, the other pages' services).
     */
    public Scene show(Stage stage, Runnable firstFrame) {
        var ui = new FxUiDispatcher();
        var notices = new NoticesViewModel();
        var reporter = new UncaughtErrorReporter(ui, notices, folders.logsFolder().toString());
        Thread.setDefaultUncaughtExceptionHandler(reporter);
        // The FX thread gets it directly too, so a library's default handler cannot take FX errors away.
        Thread.currentThread().setUncaughtExceptionHandler(reporter);
        loaded.problem().ifPresent(problem -> notices.report(new Notice("Settings were reset", problem)));

        var settings = new SettingsViewModel(loaded.settings(), store, new Background(settingsWriter, ui), notices);
        var preferences = Platform.getPreferences();
        settings.systemPrefersDarkProperty().bind(Bindings.createBooleanBinding(
                () -> preferences.getColorScheme() == ColorScheme.DARK, preferences.colorSchemeProperty()));
        applyTheme(settings.darkThemeProperty().get());
        settings.darkThemeProperty().addListener((obs, was, dark) -> applyTheme(dark));

        var main = new MainViewModel();
        var status = new StatusBarViewModel(ui, engine::reconnectNow);
        var background = Background.virtualThreads(ui);
        var containerService = new ContainerService(clients);
        var containers = new ContainersViewModel(background, containerService,
                new SystemBrowser(System.getProperty("os.name")),
                // Called on a background thread: the stats client is loaded there, not before the first frame.
                (id, samples) -> new ContainerStats(clients).follow(id, samples));
        Supplier<RunContainerViewModel> runDialogs = () -> new RunContainerViewModel(background, containerService,
                () -> clients.requests().listImagesCmd().exec().stream()
                        .flatMap(image -> image.getRepoTags() == null ? java.util.stream.Stream.empty()
                                : java.util.Arrays.stream(image.getRepoTags()))
                        .filter(tag -> !tag.startsWith("<none>")).sorted().toList());
        var troubleshooting = new TroubleshootingViewModel(ui, store.file().toString(), folders.logsFolder().toString());
        engine.addListener(status);
        engine.addListener(containers);
        engine.addListener(troubleshooting);

        Map<Page, Supplier<Node>> pages = new EnumMap<>(Page.class);
        ContainerDetails details = (container, back) -> {
            var containerLogs = new ContainerLogs(clients);
            var containerStats = new ContainerStats(clients);
            var logs = new LogsViewModel(containerLogs, background, ui, container.id(), settings.current().logBufferLines());
            engine.addListener(logs);
            var inspect = new InspectViewModel(background, () -> containerService.inspect(container.id()));
            var stats = new StatsViewModel(containerStats, ui, container.id());
            stats.start();
            return new ContainerDetailsView(container.name(), new LogsView(logs), new StatsView(stats), inspect, () -> {
                stats.close();
                logs.close();
                engine.removeListener(logs);
                back.run();
            });
        };
        pages.put(Page.CONTAINERS, () -> new ContainersView(containers, runDialogs, details));
        // The other engine pages are not needed for the first frame: their services load the JSON and HTTP stack.
        var enginePages = new EnginePages(background);
        pages.put(Page.IMAGES, () -> new ImagesView(enginePages.get().images()).withRegistries(enginePages.get().registries()));
        pages.put(Page.VOLUMES, () -> new VolumesView(enginePages.get().volumes(),
                volume -> new VolumeBrowserViewModel(background, new VolumeFiles(clients), volume)));
        pages.put(Page.NETWORKS, () -> new NetworksView(enginePages.get().networks()));
        pages.put(Page.KUBERNETES, () -> {
            // Built on first visit: the Fabric8 client is not loaded before someone looks at a cluster.
            portForwards = new PortForwards();
            kubernetes = new KubernetesViewModel(background, kubeconfigs, ClusterConnection::open, portForwards);
            return new KubernetesView(kubernetes, (pod, back) -> {
                var connection = kubernetes.connection();
                var podDetails = new PodDetailsViewModel(background, connection, pod,
                        new YamlViewModel(background, connection, ResourceTypes.PODS, pod.namespace(), pod.name()),
                        settings.current().logBufferLines());
                return new PodDetailsView(podDetails, back);
            });
        });
        pages.put(Page.SETTINGS, () -> new SettingsView(settings));
        pages.put(Page.TROUBLESHOOTING, () -> new TroubleshootingView(troubleshooting));

        var scene = new Scene(new MainView(main, status, notices, pages), 1100, 700);
        stage.setTitle("Drover");
        stage.setScene(scene);
        // The engine client is heavy to load; the window comes first, then the connection.
        FirstFrame.whenRendered(scene, () -> {
            firstFrame.run();
            enginePages.get(); // listening before the engine's first answer, so no list misses it
            engine.start();
        });
        stage.show();
        return scene;
    }

    /** The Images, Volumes and Networks view models, built on first need (on the FX thread) and wired to the engine. */
    private final class EnginePages {
        private final Background background;
        private Models models;

        EnginePages(Background background) {
            this.background = background;
        }

        Models get() {
            if (models == null) {
                var registryLogins = RegistryCredentials.forThisMachine(clients);
                models = new Models(new ImagesViewModel(new DockerImageService(clients, registryLogins),
                        new ImageBuilds(clients), background, background.ui()),
                        new VolumesViewModel(new VolumeService(clients), background),
                        new NetworksViewModel(new NetworkService(clients), background),
                        new RegistriesViewModel(registryLogins, background));
                engine.addListener(models.images());
                engine.addListener(models.volumes());
                engine.addListener(models.networks());
            }
            return models;
        }

        record Models(ImagesViewModel images, VolumesViewModel volumes, NetworksViewModel networks,
                      RegistriesViewModel registries) {
        }
    }

    private static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    @Override
    public void close() {
        if (kubernetes != null) kubernetes.close();
        if (portForwards != null) portForwards.close();
        engine.close();
        clients.close();
        settingsWriter.close();
    }
}
