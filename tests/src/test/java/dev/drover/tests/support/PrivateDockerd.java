package dev.drover.tests.support;

import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second, throw-away dockerd that a test may stop and start at will without disturbing the shared engine:
 * its own socket, data and exec roots, and no bridge or iptables rules of its own.
 */
public final class PrivateDockerd implements AutoCloseable {

    private final Path dockerd;
    private final Path root;
    private Process process;

    public PrivateDockerd(Path root) {
        this.dockerd = Path.of(RealParts.require("DROVER_TEST_DOCKERD", "no dockerd binary for the engine-restart tests"));
        this.root = root;
    }

    public EngineEndpoint endpoint() {
        return EngineEndpoint.of("private test engine", URI.create("unix://" + socket()));
    }

    private Path socket() {
        return root.resolve("docker.sock");
    }

    /** Starts dockerd and returns once it answers. */
    public void start() throws IOException, InterruptedException {
        Files.createDirectories(root);
        var command = List.of(dockerd.toString(),
                "--host", "unix://" + socket(),
                "--data-root", root.resolve("data").toString(),
                "--exec-root", root.resolve("exec").toString(),
                "--pidfile", root.resolve("dockerd.pid").toString(),
                // Its own containerd namespaces: never the system's or the shared test engine's containers.
                "--containerd-namespace", "drover-private", "--containerd-plugins-namespace", "drover-private-plugins",
                "--bridge", "none", "--iptables=false", "--ip6tables=false", "--ip-masq=false");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("dockerd.log").toFile()))
                .start();
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("dockerd exited at start: " + log());
            try (var client = DockerClients.open(endpoint(), Duration.ofSeconds(2))) {
                client.pingCmd().exec();
                return;
            } catch (RuntimeException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("dockerd did not answer within 60 s: " + log());
    }

    /** Stops dockerd the way a service manager does (SIGTERM), and waits until it has gone. */
    public void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String log() throws IOException {
        var lines = Files.readAllLines(root.resolve("dockerd.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** Stops dockerd and deletes its folder, which holds root-owned engine state. */
    @Override
    public void close() throws InterruptedException, IOException {
        stop();
        new ProcessBuilder("rm", "-rf", "--one-file-system", root.toString()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
    }
}
