package dev.drover.app.wiring;

import dev.drover.app.ui.containerd.ContainerdSource;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineEndpointResolver;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.EngineWatcher;
import dev.drover.engine.containerd.ContainerdClients;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.images.ImageService;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.vm.EngineSelection;
import dev.drover.vm.VmConfig;
import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The container engines the app talks to: which Docker API engine (the VM's while it runs, unless
 * Settings name one), its watcher and clients, the registry logins and image service (made on first
 * use: they bring the JSON stack, which the first frame does without), and the VM's containerd for
 * the containerd page. Needs no toolkit.
 */
public final class EngineWiring implements AutoCloseable {

  private final EngineSelection selection;
  private final EngineWatcher watcher;
  private final EngineClients clients;
  private final boolean userChoseEngine;
  private final VmContainerd containerd;
  private final Lazy<RegistryCredentials> registryLogins;
  private final Lazy<ImageService> imageService;

  /**
   * @param engineHostOverride the engine Settings name, if any; else {@code resolver} finds one
   * @param chosenVmEngine the engine the VM runs from its next start, as Settings say now
   */
  public EngineWiring(
      Optional<String> engineHostOverride,
      EngineEndpointResolver resolver,
      Supplier<VmConfig.Engine> chosenVmEngine) {
    this.userChoseEngine = engineHostOverride.isPresent();
    Supplier<EngineEndpoint> userEngine =
        engineHostOverride.isPresent()
            ? () -> EngineEndpoint.of("settings", URI.create(engineHostOverride.get()))
            : resolver::resolve;
    // The VM's engine while it runs, unless Settings name one (see EngineSelection for the rule).
    this.selection = new EngineSelection(userEngine, userChoseEngine);
    this.watcher = new EngineWatcher(selection);
    this.clients = new EngineClients(selection);
    selection.onSwitch(watcher::endpointChanged);
    this.containerd = new VmContainerd(ContainerdClients::openInVm, chosenVmEngine);
    this.registryLogins = Lazy.of(() -> RegistryCredentials.forThisMachine(clients));
    this.imageService = Lazy.of(() -> new DockerImageService(clients, registryLogins.get()));
  }

  public EngineWatcher watcher() {
    return watcher;
  }

  public EngineClients clients() {
    return clients;
  }

  /** Whether Settings name the engine: then it is not Drover's VM's to start and stop. */
  public boolean userChoseEngine() {
    return userChoseEngine;
  }

  /** The VM's containerd, for the containerd page; the VM wiring feeds it. */
  public ContainerdSource containerd() {
    return containerd;
  }

  /** The saved registry logins, one instance for pulls, builds and the Registries list. */
  public RegistryCredentials registryLogins() {
    return registryLogins.get();
  }

  /** The one image service, for the Images page and a run's pull. */
  public ImageService imageService() {
    return imageService.get();
  }

  /** Lets the VM's statuses switch the engine and open and close the VM's containerd client. */
  public void follow(VmWiring vm) {
    vm.follow(selection);
    vm.follow(containerd);
  }

  /**
   * Has {@code model} follow the engine: listens first, then reads if the engine already answered,
   * so whichever comes first, nothing is missed.
   */
  public <M extends EngineListener> M following(M model, Consumer<M> refresh) {
    watcher.subscribe(model);
    var now = watcher.status();
    if (now instanceof EngineStatus.Connected) {
      model.statusChanged(now);
      refresh.accept(model);
    }
    return model;
  }

  @Override
  public void close() {
    containerd.close();
    watcher.close();
    clients.close();
  }

  /** Whether the engine followed now is the VM's (not one Settings or the environment name). */
  public boolean followsVm() {
    return selection.followsVm();
  }
}
