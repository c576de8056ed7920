package dev.drover.tests.support;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A second Debian docker-registry on a free loopback port that demands a password (htpasswd), as a private
 * registry does; the run's own registry ($DROVER_TEST_REGISTRY) lets anyone in. Stopped and deleted on close.
 */
public final class PasswordRegistry implements AutoCloseable {

    public static final String USER = "drover";

    private final Path folder;
    private final Process process;
    private final String address;
    private final String password;

    private PasswordRegistry(Path folder, Process process, String address, String password) {
        this.folder = folder;
        this.process = process;
        this.address = address;
        this.password = password;
    }

    /** Starts a registry and waits until it listens; fails (CI) or skips when the run has no registry. */
    public static PasswordRegistry start() throws IOException {
        RealParts.require("DROVER_TEST_REGISTRY", "no local image registry");
        var folder = Files.createTempDirectory("drover-auth-registry");
        var password = "right-" + UUID.randomUUID().toString().substring(0, 8);
        var salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Files.writeString(folder.resolve("htpasswd"), USER + ":" + OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 4) + "\n");
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        var address = "127.0.0.1:" + port;
        Files.writeString(folder.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s/data
                  delete:
                    enabled: true
                auth:
                  htpasswd:
                    realm: drover-test
                    path: %s/htpasswd
                http:
                  addr: %s
                """.formatted(folder, folder, address));
        var process = new ProcessBuilder("docker-registry", "serve", folder.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("registry.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        var registry = new PasswordRegistry(folder, process, address, password);
        try {
            await("the password-protected registry listening on " + address).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("docker-registry exited: " + Files.readString(folder.resolve("registry.log")));
                        }
                        try (var socket = new Socket()) {
                            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException notListening) {
            try {
                registry.close();
            } catch (Exception cleanUp) {
                notListening.addSuppressed(cleanUp);
            }
            throw notListening;
        }
        return registry;
    }

    /** host:port, as image references and logins name it. */
    public String address() {
        return address;
    }

    /** The password of {@link #USER}, new for each registry. */
    public String password() {
        return password;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
