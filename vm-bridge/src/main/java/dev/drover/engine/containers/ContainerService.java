package dev.drover.engine.containers;

import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotModifiedException;

import java.util.function.Consumer;

/**
 * Lifecycle commands on containers. Each blocks until the engine has answered and throws an
 * {@link EngineException} carrying the engine's own words when it refuses.
 */
public final class ContainerService implements ContainerCommands {

    /** How long a stop waits for the container to exit on SIGTERM before the engine kills it. */
    private static final int STOP_TIMEOUT_SECONDS = 10;

    private final EngineClients clients;

    public ContainerService(EngineClients clients) {
        this.clients = clients;
    }

    @Override
    public void apply(ContainerAction action, String containerId) {
        run(action.progressive() + " " + shortId(containerId), docker -> {
            switch (action) {
                case START -> docker.startContainerCmd(containerId).exec();
                case STOP -> docker.stopContainerCmd(containerId).withTimeout(STOP_TIMEOUT_SECONDS).exec();
                case RESTART -> docker.restartContainerCmd(containerId).withTimeout(STOP_TIMEOUT_SECONDS).exec();
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
        run("Removing " + shortId(containerId), docker -> docker.removeContainerCmd(containerId)
                .withForce(true).withRemoveVolumes(anonymousVolumes).exec());
    }

    private void run(String what, Consumer<DockerClient> command) {
        try {
            command.accept(clients.requests());
        } catch (NotModifiedException alreadyThere) {
            // Starting a running container or stopping a stopped one: the user's wish already holds.
        } catch (RuntimeException e) {
            throw EngineException.of(what, e, clients.endpoint());
        }
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
