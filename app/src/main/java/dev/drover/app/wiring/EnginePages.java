package dev.drover.app.wiring;

import dev.drover.app.desktop.SystemBrowser;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.containerd.ContainerdView;
import dev.drover.app.ui.containerd.ContainerdViewModel;
import dev.drover.app.ui.containers.ContainerDetails;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.app.ui.containers.ContainersView;
import dev.drover.app.ui.containers.ContainersViewModel;
import dev.drover.app.ui.containers.details.ContainerDetailsView;
import dev.drover.app.ui.containers.details.InspectViewModel;
import dev.drover.app.ui.containers.logs.LogsTuning;
import dev.drover.app.ui.containers.logs.LogsView;
import dev.drover.app.ui.containers.logs.LogsViewModel;
import dev.drover.app.ui.containers.run.RunContainerViewModel;
import dev.drover.app.ui.containers.stats.StatsView;
import dev.drover.app.ui.containers.stats.StatsViewModel;
import dev.drover.app.ui.images.ImagesView;
import dev.drover.app.ui.images.ImagesViewModel;
import dev.drover.app.ui.images.RegistriesViewModel;
import dev.drover.app.ui.networks.Networks;
import dev.drover.app.ui.networks.NetworksView;
import dev.drover.app.ui.networks.NetworksViewModel;
import dev.drover.app.ui.settings.SettingsViewModel;
import dev.drover.app.ui.terminal.TerminalSessions;
import dev.drover.app.ui.terminal.TerminalView;
import dev.drover.app.ui.terminal.TerminalViewModel;
import dev.drover.app.ui.volumes.VolumeBrowserViewModel;
import dev.drover.app.ui.volumes.Volumes;
import dev.drover.app.ui.volumes.VolumesView;
import dev.drover.app.ui.volumes.VolumesViewModel;
import dev.drover.engine.containers.ContainerService;
import dev.drover.engine.exec.ContainerShells;
import dev.drover.engine.images.ImageBuilds;
import dev.drover.engine.logs.ContainerLogs;
import dev.drover.engine.networks.NetworkService;
import dev.drover.engine.stats.ContainerStats;
import dev.drover.engine.volumes.VolumeFiles;
import dev.drover.engine.volumes.VolumeService;
import dev.drover.vm.host.HostFolders;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.Node;

/**
 * The engine's pages: Containers (with a container's details and the Run dialog), Images, Volumes,
 * Networks and containerd. Only the Containers list is built at once: it is the first frame. The
 * others are built when first opened (on the FX thread) and from then on follow the engine; until
 * then nothing reads images, volumes or networks, so at start-up the engine and both cores serve
 * the table the user is looking at.
 */
public final class EnginePages implements AutoCloseable {

  private final EngineWiring engines;
  private final Background background;
  private final SettingsViewModel settings;
  private final ContainerService containerService;
  private final ContainersViewModel containers;
  private final Lazy<ImagesViewModel> images;
  private final Lazy<RegistriesViewModel> registries;
  private final Lazy<VolumesViewModel> volumes;
  private final Lazy<NetworksViewModel> networks;
  private volatile ContainerdViewModel containerd;
  private final Supplier<Optional<HostFolders>> vmFolders;

  /**
   * @param vmFolders the folders the VM shares while the engine is the VM's, for the Run dialog's
   *     bind mounts; empty otherwise
   */
  public EnginePages(
      EngineWiring engines,
      Background background,
      SettingsViewModel settings,
      Supplier<Optional<HostFolders>> vmFolders) {
    this.engines = engines;
    this.vmFolders = vmFolders;
    this.background = background;
    this.settings = settings;
    var clients = engines.clients();
    // Runs pull with the login the Images page saved, through the same service as its Pull, made
    // when a run pulls.
    this.containerService = new ContainerService(clients, engines::imageService);
    this.containers =
        new ContainersViewModel(
            background,
            containerService,
            new SystemBrowser(System.getProperty("os.name")),
            // Called on a background thread: the stats client is loaded there, not before the first
            // frame.
            (id, samples) -> new ContainerStats(clients).follow(id, samples),
            Clock.systemUTC());
    this.images =
        Lazy.of(
            () ->
                engines.following(
                    new ImagesViewModel(
                        engines.imageService(),
                        new ImageBuilds(clients, engines.registryLogins())::build,
                        background,
                        background.ui()),
                    ImagesViewModel::refresh));
    this.registries = Lazy.of(() -> new RegistriesViewModel(engines.registryLogins(), background));
    this.volumes =
        Lazy.of(
            () ->
                engines.following(
                    new VolumesViewModel(Volumes.of(new VolumeService(clients)), background),
                    VolumesViewModel::refresh));
    this.networks =
        Lazy.of(
            () ->
                engines.following(
                    new NetworksViewModel(Networks.of(new NetworkService(clients)), background),
                    NetworksViewModel::refresh));
  }

  /** The Containers list; the caller has it follow the engine. */
  public ContainersViewModel containers() {
    return containers;
  }

  public Node containersPage() {
    return new ContainersView(containers, this::runDialog, this::details);
  }

  private RunContainerViewModel runDialog() {
    return new RunContainerViewModel(
        background, containerService, () -> engines.imageService().names(), vmFolders);
  }

  private ContainerDetails.Opened details(ContainerRow container, Runnable back) {
    var clients = engines.clients();
    var watcher = engines.watcher();
    var logs =
        new LogsViewModel(
            new ContainerLogs(clients)::follow,
            background,
            background.ui(),
            container.id(),
            LogsTuning.defaults().withMaxLines(settings.current().logBufferLines()));
    var logsFollowEngine = watcher.subscribe(logs);
    var inspect = new InspectViewModel(background, () -> containerService.inspect(container.id()));
    var stats =
        new StatsViewModel(new ContainerStats(clients)::follow, background.ui(), container.id());
    stats.start();
    var terminal =
        new TerminalViewModel(
            TerminalSessions.inContainer(new ContainerShells(clients), container.id()), background);
    Runnable close =
        () -> {
          terminal.close();
          stats.close();
          logs.close();
          try {
            logsFollowEngine.close();
          } catch (Exception ignored) {
            // unsubscribing does not fail
          }
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
  }

  public Node imagesPage() {
    return new ImagesView(images.get()).withRegistries(registries.get());
  }

  public Node volumesPage() {
    return new VolumesView(
        volumes.get(),
        volume ->
            new VolumeBrowserViewModel(background, new VolumeFiles(engines.clients()), volume));
  }

  public Node networksPage() {
    return new NetworksView(networks.get());
  }

  public Node containerdPage() {
    var model = new ContainerdViewModel(engines.containerd(), background);
    containerd = model;
    model.open();
    return new ContainerdView(model);
  }

  @Override
  public void close() {
    var model = containerd;
    if (model != null) model.close();
  }
}
