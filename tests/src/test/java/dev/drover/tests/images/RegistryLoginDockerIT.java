package dev.drover.tests.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Registry logins against a real engine and a second Debian docker-registry that demands a password (htpasswd):
 * the engine checks the login before it is saved, and pull and push send the saved login.
 */
class RegistryLoginDockerIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String USER = "drover";
    private static final String PASSWORD = "right-" + UUID.randomUUID().toString().substring(0, 8);

    private static Path registryDir;
    private static Process registryProcess;
    private static String registry;
    private static DockerClient docker;
    private static EngineClients clients;

    @TempDir
    Path dockerConfig;

    @BeforeAll
    static void startPasswordProtectedRegistry() throws Exception {
        RealParts.require("DROVER_TEST_REGISTRY", "no local image registry");
        docker = TestEngine.client();
        clients = new EngineClients(TestEngine::endpoint);
        registryDir = Files.createTempDirectory("drover-auth-registry");
        var salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Files.writeString(registryDir.resolve("htpasswd"),
                USER + ":" + OpenBSDBCrypt.generate("2a", PASSWORD.toCharArray(), salt, 4) + "\n");
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        registry = "127.0.0.1:" + port;
        Files.writeString(registryDir.resolve("config.yml"), """
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
                """.formatted(registryDir, registryDir, registry));
        registryProcess = new ProcessBuilder("docker-registry", "serve", registryDir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(registryDir.resolve("registry.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        var finalPort = port;
        await("the password-protected registry listening on " + registry).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!registryProcess.isAlive()) {
                        throw new IllegalStateException("docker-registry exited: " + Files.readString(registryDir.resolve("registry.log")));
                    }
                    try (var socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", finalPort), 500);
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registryProcess != null) {
            registryProcess.destroy();
            if (!registryProcess.waitFor(10, TimeUnit.SECONDS)) registryProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (registryDir != null) {
            try (Stream<Path> files = Files.walk(registryDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (clients != null) clients.close();
        if (docker != null) docker.close();
    }

    @Test
    void wrongPasswordIsRefusedInTheEngineWordsAndSavesNothing() throws Exception {
        var original = "{\"auths\": {}, \"psFormat\": \"table {{.Names}}\"}\n";
        Files.writeString(dockerConfig.resolve("config.json"), original);
        var credentials = new RegistryCredentials(dockerConfig, clients);

        assertThatThrownBy(() -> credentials.login(registry, USER, "wrong-password"))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("Logging in to " + registry + " failed: the engine said:")
                .satisfies(e -> assertThat(e.getMessage().toLowerCase()).containsAnyOf("unauthorized", "401"));
        assertThat(Files.readString(dockerConfig.resolve("config.json"))).isEqualTo(original);
        assertThat(credentials.registries()).isEmpty();
    }

    @Test
    void storedLoginPushesAndPullsThenLogoutForgetsIt() throws Exception {
        var credentials = new RegistryCredentials(dockerConfig, clients);
        var repository = registry + "/drover-test/" + TestEngine.uniqueName("auth");
        var reference = repository + ":1";
        docker.tagImageCmd(TestImages.busybox(docker), repository, "1").exec();
        try {
            var anonymous = new DockerImageService(clients);
            assertThatThrownBy(() -> anonymous.push(reference, p -> { }).await(PATIENCE))
                    .as("the registry refuses a push without a login")
                    .isInstanceOf(EngineException.class);

            credentials.login(registry, USER, PASSWORD);

            var saved = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dockerConfig.resolve("config.json").toFile());
            assertThat(new String(Base64.getDecoder().decode(saved.path("auths").path(registry).path("auth").asText()), StandardCharsets.UTF_8))
                    .isEqualTo(USER + ":" + PASSWORD);
            assertThat(credentials.registries()).containsExactly(registry);

            var images = new DockerImageService(clients, credentials);
            images.push(reference, p -> { }).await(PATIENCE);
            docker.removeImageCmd(reference).exec();
            images.pull(reference, p -> { }).await(PATIENCE);
            assertThat(docker.inspectImageCmd(reference).exec().getRepoTags()).contains(reference);

            credentials.logout(registry);

            assertThat(credentials.registries()).isEmpty();
            assertThat(credentials.authFor(reference)).isEmpty();
            docker.removeImageCmd(reference).exec();
            assertThatThrownBy(() -> images.pull(reference, p -> { }).await(PATIENCE))
                    .as("after logout the registry refuses the pull again")
                    .isInstanceOf(EngineException.class);
        } finally {
            try {
                docker.removeImageCmd(reference).exec();
            } catch (NotFoundException alreadyGone) {
                // Removed by the test itself.
            }
        }
    }
}
