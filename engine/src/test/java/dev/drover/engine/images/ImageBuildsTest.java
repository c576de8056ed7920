package dev.drover.engine.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.registries.RegistryCredentials;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuildsTest {

  @TempDir Path folder;
  @TempDir Path dockerConfig;
  @TempDir Path bin;

  /** A credential helper with no logins that notes each question in a file, as "verb input". */
  private Path recordingHelper(String name) throws Exception {
    var calls = bin.resolve(name + "-calls.txt");
    var script = bin.resolve("docker-credential-" + name);
    Files.writeString(
        script,
        """
                #!/bin/sh
                input=$(cat)
                printf '%%s %%s\\n' "$1" "$input" >> '%s'
                echo "credentials not found in native keychain"
                exit 1
                """
            .formatted(calls));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return calls;
  }

  private static List<String> calls(Path file) throws Exception {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void aBuildAsksOnlyTheCredentialHelpersOfTheRegistriesItsDockerfilePullsFrom() throws Exception {
    var wanted = recordingHelper("wanted");
    var other = recordingHelper("other");
    Files.writeString(
        dockerConfig.resolve("config.json"),
        "{\"credHelpers\": {\"wanted.example.com\": \"wanted\", \"other.example.com\": \"other\"}}");
    Files.writeString(
        folder.resolve("Dockerfile"),
        """
                FROM wanted.example.com/base:1 AS base
                FROM base
                """);
    // No engine listens there: the logins are chosen before the engine is asked, which then fails.
    var nowhere =
        new EngineClients(
            () ->
                EngineEndpoint.of(
                    "test", URI.create("unix://" + folder.resolve("no-engine.sock"))));
    var builds =
        new ImageBuilds(nowhere, new RegistryCredentials(dockerConfig, login -> {}, List.of(bin)));

    assertThatThrownBy(
        () ->
            builds
                .build(folder, "Dockerfile", "drover-test/app:1", new ArrayList<String>()::add)
                .await(Duration.ofSeconds(30)));

    assertThat(calls(wanted)).containsExactly("get wanted.example.com");
    assertThat(calls(other)).as("the helper of a registry the Dockerfile does not name").isEmpty();
  }
}
