package dev.drover.vm.process;

import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;
import java.time.Duration;

/** Asks whether the guest's engine answers yet; a test answers from a script. */
@FunctionalInterface
public interface EngineProbe {

  /** Empty when the engine answered, else why not (for the timeout message). */
  java.util.Optional<String> failure(EngineEndpoint endpoint);

  /**
   * The same for the given engine; a Docker API probe answers for any (tests script one answer).
   */
  default java.util.Optional<String> failure(
      EngineEndpoint endpoint, dev.drover.vm.VmConfig.Engine engine) {
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
      public java.util.Optional<String> failure(EngineEndpoint endpoint) {
        return docker.failure(endpoint);
      }

      @Override
      public java.util.Optional<String> failure(
          EngineEndpoint endpoint, dev.drover.vm.VmConfig.Engine engine) {
        if (engine == dev.drover.vm.VmConfig.Engine.MOBY) return docker.failure(endpoint);
        try (var containerd = dev.drover.engine.containerd.ContainerdClients.openInVm(endpoint)) {
          containerd.version();
          return java.util.Optional.empty();
        } catch (RuntimeException e) {
          return java.util.Optional.of(String.valueOf(e.getMessage()));
        }
      }
    };
  }

  /** Pings the engine with the Docker API client, as the app will talk to it. */
  static EngineProbe dockerPing() {
    return endpoint -> {
      try (var client = DockerClients.open(endpoint, Duration.ofSeconds(5))) {
        client.pingCmd().exec();
        return java.util.Optional.empty();
      } catch (Exception e) {
        return java.util.Optional.of(String.valueOf(e.getMessage()));
      }
    };
  }
}
