package dev.drover.tests.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/** The real dockerd that ./run-tests.sh starts on a private socket, shared by every test in the run. */
public final class TestEngine {

    private TestEngine() {
    }

    public static String host() {
        return RealParts.require("DROVER_TEST_DOCKER_HOST", "no test Docker engine");
    }

    public static EngineEndpoint endpoint() {
        return EngineEndpoint.of("test engine", URI.create(host()));
    }

    public static DockerClient client() {
        return DockerClients.open(endpoint(), Duration.ofSeconds(60));
    }

    /** A name no other test or run uses, so tests can share the engine. */
    public static String uniqueName(String purpose) {
        return "drover-test-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Removes a container whether or not it still exists or runs. */
    public static void removeQuietly(DockerClient docker, String nameOrId) {
        try {
            docker.removeContainerCmd(nameOrId).withForce(true).exec();
        } catch (NotFoundException alreadyGone) {
            // Nothing to clean up.
        }
    }
}
