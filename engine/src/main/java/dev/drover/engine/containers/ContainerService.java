package dev.drover.engine.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import dev.drover.engine.EngineHttp;
import dev.drover.engine.images.ImageReference;
import dev.drover.engine.images.ImageService;
import dev.drover.engine.images.ImageTransfer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Lifecycle commands on containers. Each blocks until the engine has answered and throws an {@link
 * EngineException} carrying the engine's own words when it refuses.
 */
public final class ContainerService implements ContainerCommands {

  /** How long a stop waits for the container to exit on SIGTERM before the engine kills it. */
  private static final int STOP_TIMEOUT_SECONDS = 10;

  /** The engine's rule for container names; ids are hexadecimal and pass it too. */
  private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final EngineClients clients;
  private final Supplier<? extends ImageService> images;
  private final EngineHttp http = new EngineHttp();

  /**
   * @param images the service that pulls an image a run needs, with the saved registry login as the
   *     Images page does; asked for only when a run pulls, so the app can make it (and the JSON
   *     stack it loads) late
   */
  public ContainerService(EngineClients clients, Supplier<? extends ImageService> images) {
    this.clients = clients;
    this.images = images;
  }

  @Override
  public void apply(ContainerAction action, String containerId) {
    run(
        action.progressive() + " " + shortId(containerId),
        docker -> {
          switch (action) {
            case START -> docker.startContainerCmd(containerId).exec();
            case STOP ->
                docker.stopContainerCmd(containerId).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            case RESTART ->
                docker.restartContainerCmd(containerId).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            case PAUSE -> docker.pauseContainerCmd(containerId).exec();
            case UNPAUSE -> docker.unpauseContainerCmd(containerId).exec();
            case KILL -> docker.killContainerCmd(containerId).exec();
          }
        });
  }

  /**
   * Removes a container, stopping it first if it runs (the caller has asked the user).
   *
   * @param anonymousVolumes also remove the volumes created for it without a name
   */
  @Override
  public void remove(String containerId, boolean anonymousVolumes) {
    run(
        "Removing " + shortId(containerId),
        docker ->
            docker
                .removeContainerCmd(containerId)
                .withForce(true)
                .withRemoveVolumes(anonymousVolumes)
                .exec());
  }

  /**
   * Creates and starts a container as {@code spec} says, pulling the image first when the engine
   * lacks it. Host ports are checked before anything is created; a container that fails to start is
   * removed again, so a failed run leaves nothing behind.
   *
   * @param progress told what is happening ("Pulling nginx:1.27…"), on this thread
   * @return the new container's id
   */
  @Override
  public String run(RunSpec spec, Consumer<String> progress) {
    var endpoint = clients.endpoint();
    if (isLocal(endpoint)) spec.ports().forEach(ContainerService::checkHostPortFree);
    var docker = clients.requests();
    try {
      docker.inspectImageCmd(spec.image()).exec();
    } catch (NotFoundException missing) {
      pull(spec.image(), progress);
    } catch (RuntimeException e) {
      throw EngineException.of("Looking up " + spec.image(), e, endpoint);
    }
    progress.accept("Creating the container…");
    String id;
    try {
      id = create(docker, spec);
    } catch (RuntimeException e) {
      throw EngineException.of("Creating the container", e, endpoint);
    }
    progress.accept("Starting the container…");
    try {
      docker.startContainerCmd(id).exec();
      return id;
    } catch (RuntimeException e) {
      try {
        docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
      } catch (RuntimeException alreadyGone) {
        // Auto-removed, or gone with the engine: nothing is left behind either way.
      }
      throw EngineException.of("Starting the container", e, endpoint);
    }
  }

  /**
   * Pulls as the Images page does, with the saved login for the image's registry; failures name the
   * image.
   */
  private void pull(String image, Consumer<String> progress) {
    progress.accept("Pulling " + image + "…");
    ImageTransfer transfer;
    try {
      transfer = images.get().pull(image, step -> {});
    } catch (ImageReference.InvalidImageReferenceException e) {
      throw new EngineException("Pulling " + image + " failed: " + e.getMessage(), e);
    }
    try {
      transfer.await();
    } catch (InterruptedException e) {
      transfer.cancel();
      Thread.currentThread().interrupt();
      throw new EngineException("Pulling " + image + " was interrupted", e);
    }
  }

  /**
   * The engine's inspect document of a container, as the engine wrote it, indented. Not
   * docker-java's model written out again: that drops fields it does not know and cannot write the
   * empty objects the engine uses for exposed ports and volumes.
   */
  public String inspect(String containerId) {
    var action = "Inspecting " + shortId(containerId);
    if (containerId == null || !CONTAINER_NAME.matcher(containerId).matches()) {
      throw new EngineException(
          action + " failed: \"" + containerId + "\" is not a container name or id.");
    }
    try {
      return http.document(clients.requests(), "/containers/" + containerId + "/json");
    } catch (EngineHttp.Refused refused) {
      throw new EngineException(action + " failed: the engine said: " + refused.getMessage());
    } catch (RuntimeException e) {
      throw clients.failure(action, e);
    }
  }

  /** The OCI runtimes the engine offers (runc, crun, runsc…), for the run dialog's choice. */
  @Override
  public List<String> runtimes() {
    try {
      var runtimes = clients.requests().infoCmd().exec().getRuntimes();
      return runtimes == null ? List.of() : runtimes.keySet().stream().sorted().toList();
    } catch (RuntimeException e) {
      throw clients.failure("Asking the engine for its runtimes", e);
    }
  }

  private static String create(DockerClient docker, RunSpec spec) {
    var host =
        HostConfig.newHostConfig()
            .withAutoRemove(spec.autoRemove())
            .withRestartPolicy(restartPolicy(spec.restart()));
    if (spec.runtime() != null) host.withRuntime(spec.runtime());
    var exposed = new ArrayList<ExposedPort>();
    var bindings = new Ports();
    for (var mapping : spec.ports()) {
      var port =
          new ExposedPort(mapping.containerPort(), InternetProtocol.parse(mapping.protocol()));
      exposed.add(port);
      bindings.bind(port, binding(mapping));
    }
    host.withPortBindings(bindings);
    host.withBinds(
        spec.mounts().stream()
            .map(
                m ->
                    new Bind(
                        m.source(),
                        new Volume(m.target()),
                        m.readOnly() ? AccessMode.ro : AccessMode.rw))
            .toList());
    var create =
        docker
            .createContainerCmd(spec.image())
            .withExposedPorts(exposed)
            .withEnv(
                spec.environment().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .toList())
            .withHostConfig(host);
    if (spec.name() != null) create.withName(spec.name());
    if (!spec.command().isEmpty()) create.withCmd(spec.command());
    return create.exec().getId();
  }

  /** An empty host port, not "0", asks for any free port: both dockerd and Podman read it so. */
  private static Ports.Binding binding(RunSpec.PortMapping mapping) {
    if (mapping.anyHostPort())
      return mapping.hostIp() == null
          ? Ports.Binding.empty()
          : Ports.Binding.bindIp(mapping.hostIp());
    return mapping.hostIp() == null
        ? Ports.Binding.bindPort(mapping.hostPort())
        : Ports.Binding.bindIpAndPort(mapping.hostIp(), mapping.hostPort());
  }

  private static RestartPolicy restartPolicy(RunSpec.RestartPolicy policy) {
    return switch (policy.name()) {
      case "always" -> RestartPolicy.alwaysRestart();
      case "unless-stopped" -> RestartPolicy.unlessStoppedRestart();
      case "on-failure" -> RestartPolicy.onFailureRestart(policy.maximumRetries());
      default -> RestartPolicy.noRestart();
    };
  }

  /** Only a local engine's ports are this machine's ports. */
  private static boolean isLocal(EngineEndpoint endpoint) {
    var scheme = endpoint.host().getScheme();
    return "unix".equals(scheme) || "npipe".equals(scheme);
  }

  /** Fails with a plain sentence when another program already listens on a mapping's host port. */
  static void checkHostPortFree(RunSpec.PortMapping mapping) {
    if (!mapping.protocol().equals("tcp") || mapping.anyHostPort()) return;
    var address =
        mapping.hostIp() == null
            ? new InetSocketAddress(mapping.hostPort())
            : new InetSocketAddress(mapping.hostIp(), mapping.hostPort());
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(address);
    } catch (BindException inUse) {
      if (inUse.getMessage() != null
          && inUse.getMessage().toLowerCase(Locale.ROOT).contains("in use")) {
        throw new EngineException(
            "Port "
                + mapping.hostPort()
                + " is already used by another program on this "
                + "machine. Choose another host port, or stop that program.");
      }
      // Other refusals (a privileged port, an address this host lacks) are the engine's to judge.
    } catch (IOException e) {
      // Not conclusive: leave it to the engine.
    }
  }

  private void run(String what, Consumer<DockerClient> command) {
    try {
      command.accept(clients.requests());
    } catch (NotModifiedException alreadyThere) {
      // Starting a running container or stopping a stopped one: the user's wish already holds.
    } catch (RuntimeException e) {
      throw clients.failure(what, e);
    }
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
