package dev.drover.vm.process;

import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;

import java.time.Duration;

/** Asks whether the guest's engine answers yet; a test answers from a script. */
@FunctionalInterface
public interface EngineProbe {

    /** Empty when the engine answered, else why not (for the timeout message). */
    java.util.Optional<String> failure(EngineEndpoint endpoint);

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
