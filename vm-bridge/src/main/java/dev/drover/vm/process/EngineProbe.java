package dev.drover.vm.process;

import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.containerd.ContainerdClients;
import dev.drover.vm.VmConfig;
import java.time.Duration;
import java.util.Optional;

/** Asks whether the guest's engine answers yet; a test answers from a script. */
@FunctionalInterface
public interface EngineProbe {

  /** Empty when the engine answered, else why not (for the timeout message). */
  Optional<String> failure(EngineEndpoint endpoint);

  /**
   * The same for the given engine; a Docker API probe answers for any (tests script one answer).
   */
  default Optional<String> failure(EngineEndpoint endpoint, VmConfig.Engine engine) {
    return failure(endpoint);
  }

  /**
   * What the app will talk to: a Docker API ping for moby, containerd's version (gRPC over mutual
   * TLS) for containerd.
   */
  static EngineProbe forEngine() {
    var docker = dockerPing();
    return new EngineProbe() {
      @Override
      public Optional<String> failure(EngineEndpoint endpoint) {
        return docker.failure(endpoint);
      }

      @Override
      public Optional<String> failure(EngineEndpoint endpoint, VmConfig.Engine engine) {
        if (engine == VmConfig.Engine.MOBY) return docker.failure(endpoint);
        try (var containerd = ContainerdClients.openInVm(endpoint)) {
          containerd.version();
          return Optional.empty();
        } catch (RuntimeException e) {
          return Optional.of(String.valueOf(e.getMessage()));
        }
      }
    };
  }

  /** Pings the engine with the Docker API client, as the app will talk to it. */
  static EngineProbe dockerPing() {
    return endpoint -> {
      try (var client = DockerClients.open(endpoint, Duration.ofSeconds(5))) {
        client.pingCmd().exec();
        return Optional.empty();
      } catch (Exception e) {
        return Optional.of(String.valueOf(e.getMessage()));
      }
    };
  }
}
