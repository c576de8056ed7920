package dev.drover.engine.registries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import dev.drover.engine.EngineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path config;
  @TempDir Path bin;

  private final List<AuthConfig> checked = new ArrayList<>();

  private RegistryCredentials credentials() {
    return new RegistryCredentials(config, checked::add, List.of(bin));
  }

  private void writeConfig(String json) throws Exception {
    Files.writeString(config.resolve("config.json"), json);
  }

  private JsonNode readConfig() throws Exception {
    return JSON.readTree(config.resolve("config.json").toFile());
  }

  @Test
  void loginWritesBase64AuthAndKeepsEveryOtherKey() throws Exception {
    writeConfig(
        """
                {"auths": {"other.example.com": {"auth": "b2xkOnNlY3JldA=="}},
                 "psFormat": "table {{.ID}}", "proxies": {"default": {"httpProxy": "http://proxy:3128"}}}
                """);

    credentials().login("registry.example.com:5000", "alice", "s3cret:x");

    var saved = readConfig();
    assertThat(saved.path("psFormat").asText()).isEqualTo("table {{.ID}}");
    assertThat(saved.path("proxies").path("default").path("httpProxy").asText())
        .isEqualTo("http://proxy:3128");
    assertThat(saved.path("auths").path("other.example.com").path("auth").asText())
        .isEqualTo("b2xkOnNlY3JldA==");
    var auth = saved.path("auths").path("registry.example.com:5000").path("auth").asText();
    assertThat(new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8))
        .isEqualTo("alice:s3cret:x");
    assertThat(Files.getPosixFilePermissions(config.resolve("config.json")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(checked)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getRegistryAddress()).isEqualTo("registry.example.com:5000");
              assertThat(c.getUsername()).isEqualTo("alice");
            });
    try (var files = Files.list(config)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config.json");
    }
  }

  @Test
  void loginCreatesTheFolderAndFileWhenMissing() throws Exception {
    var folder = config.resolve("fresh");
    var service = new RegistryCredentials(folder, c -> {}, List.of());

    service.login("docker.io", "bob", "pw");

    assertThat(service.registries()).containsExactly(RegistryCredentials.DOCKER_HUB);
    assertThat(service.authFor("nginx:1.27"))
        .hasValueSatisfying(
            a -> {
              assertThat(a.getUsername()).isEqualTo("bob");
              assertThat(a.getPassword()).isEqualTo("pw");
              assertThat(a.getRegistryAddress()).isEqualTo(RegistryCredentials.DOCKER_HUB);
            });
  }

  @Test
  void refusedLoginSavesNothing() throws Exception {
    var original = "{\"auths\": {}, \"detachKeys\": \"ctrl-x\"}\n";
    writeConfig(original);
    var service =
        new RegistryCredentials(
            config,
            c -> {
              throw new EngineException(
                  "Logging in to r.example.com failed: the engine said: unauthorized");
            },
            List.of(bin));

    assertThatThrownBy(() -> service.login("r.example.com", "alice", "wrong"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("unauthorized");
    assertThat(Files.readString(config.resolve("config.json"))).isEqualTo(original);
  }

  @Test
  void authForFindsTheRegistryOfTheReference() throws Exception {
    var service = credentials();
    service.login("127.0.0.1:5001", "alice", "pw1");
    service.login("https://index.docker.io/v1/", "hub", "pw2");

    assertThat(service.authFor("127.0.0.1:5001/team/app:2"))
        .hasValueSatisfying(
            a -> {
              assertThat(a.getUsername()).isEqualTo("alice");
              assertThat(a.getPassword()).isEqualTo("pw1");
              assertThat(a.getRegistryAddress()).isEqualTo("127.0.0.1:5001");
            });
    assertThat(service.authFor("library/busybox")).map(AuthConfig::getUsername).hasValue("hub");
    assertThat(service.authFor("docker.io/library/busybox"))
        .map(AuthConfig::getUsername)
        .hasValue("hub");
    assertThat(service.authFor("quay.io/x/y")).isEmpty();
    assertThat(service.registries())
        .containsExactly("127.0.0.1:5001", RegistryCredentials.DOCKER_HUB);
  }

  @Test
  void authForMatchesAnEntryWrittenWithAScheme() throws Exception {
    writeConfig(
        "{\"auths\": {\"https://r.example.com/v2/\": {\"auth\": \""
            + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8))
            + "\"}}}");

    assertThat(credentials().authFor("r.example.com/a/b:1"))
        .map(AuthConfig::getPassword)
        .hasValue("p");
  }

  @Test
  void logoutRemovesTheEntryAndKeepsTheRest() throws Exception {
    writeConfig(
        "{\"auths\": {\"a.example.com\": {\"auth\": \"dTpw\"}, \"b.example.com\": {\"auth\": \"dTpw\"}}, \"x\": 1}");

    credentials().logout("a.example.com");

    var saved = readConfig();
    assertThat(saved.path("auths").has("a.example.com")).isFalse();
    assertThat(saved.path("auths").has("b.example.com")).isTrue();
    assertThat(saved.path("x").asInt()).isEqualTo(1);
    assertThat(credentials().authFor("a.example.com/app")).isEmpty();
  }

  @Test
  void damagedConfigIsReportedAndNotOverwritten() throws Exception {
    writeConfig("{\"auths\": ");

    assertThatThrownBy(() -> credentials().login("r.example.com", "u", "p"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("is not valid JSON");
    assertThat(Files.readString(config.resolve("config.json"))).isEqualTo("{\"auths\": ");
    assertThat(checked).isEmpty();
  }

  /**
   * A helper that keeps each login as a file in its own folder, speaking the docker-credential
   * protocol.
   */
  private Path fakeHelper() throws Exception {
    var store = Files.createDirectory(bin.resolve("store"));
    var script = bin.resolve("docker-credential-drovertest");
    Files.writeString(
        script,
        """
                #!/bin/sh
                store='%s'
                input=$(cat)
                case "$1" in
                  store)
                    url=$(printf '%%s' "$input" | sed 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/')
                    printf '%%s' "$input" > "$store/$(printf '%%s' "$url" | tr '/:' '__')" ;;
                  get)
                    f="$store/$(printf '%%s' "$input" | tr '/:' '__')"
                    if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
                  erase)
                    rm -f "$store/$(printf '%%s' "$input" | tr '/:' '__')" ;;
                  *) exit 2 ;;
                esac
                """
            .formatted(store));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return store;
  }

  @Test
  void credsStoreHelperKeepsThePasswordOutOfTheFile() throws Exception {
    var store = fakeHelper();
    writeConfig("{\"credsStore\": \"drovertest\", \"currentContext\": \"default\"}");
    var service = credentials();

    service.login("127.0.0.1:5001", "alice", "pw-in-helper");

    var saved = readConfig();
    assertThat(saved.path("auths").path("127.0.0.1:5001").isObject()).isTrue();
    assertThat(saved.path("auths").path("127.0.0.1:5001").size()).isZero();
    assertThat(saved.path("currentContext").asText()).isEqualTo("default");
    assertThat(Files.readString(config.resolve("config.json"))).doesNotContain("pw-in-helper");
    assertThat(Files.readString(store.resolve("127.0.0.1_5001")))
        .contains(
            "\"ServerURL\":\"127.0.0.1:5001\"",
            "\"Username\":\"alice\"",
            "\"Secret\":\"pw-in-helper\"");

    assertThat(service.authFor("127.0.0.1:5001/app:1"))
        .hasValueSatisfying(
            a -> {
              assertThat(a.getUsername()).isEqualTo("alice");
              assertThat(a.getPassword()).isEqualTo("pw-in-helper");
            });
    assertThat(service.registries()).containsExactly("127.0.0.1:5001");

    service.logout("127.0.0.1:5001");

    assertThat(Files.exists(store.resolve("127.0.0.1_5001"))).isFalse();
    assertThat(readConfig().path("auths").has("127.0.0.1:5001")).isFalse();
    assertThat(service.authFor("127.0.0.1:5001/app:1")).isEmpty();
  }

  @Test
  void helperThatWritesMuchToStderrStillGivesItsLogin() throws Exception {
    // More than a pipe's buffer on stderr before anything on stdout: read one stream after the
    // other, the helper waits for room in the pipe and Drover for the helper.
    var script = bin.resolve("docker-credential-chatty");
    Files.writeString(
        script,
        """
                #!/bin/sh
                url=$(cat)
                head -c 1200000 /dev/zero | tr '\\0' 'w' >&2
                printf '{"ServerURL":"%s","Username":"carol","Secret":"pw-chatty"}' "$url"
                """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    writeConfig("{\"credsStore\": \"chatty\"}");
    var service = credentials();

    var login =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> service.authFor("chatty.example.com/app:1"));

    assertThat(login)
        .hasValueSatisfying(
            a -> {
              assertThat(a.getUsername()).isEqualTo("carol");
              assertThat(a.getPassword()).isEqualTo("pw-chatty");
            });
  }

  @Test
  void helperIsFoundWithTheExtensionsWindowsRunsProgramsWith() throws Exception {
    var helper = Files.createFile(bin.resolve("docker-credential-wincred.exe"));
    helper.toFile().setExecutable(true);
    Files.createFile(bin.resolve("docker-credential-wincred.txt")).toFile().setExecutable(true);

    var extensions = RegistryCredentials.executableExtensions("Windows 11", ".COM;.EXE;.BAT;.CMD");

    assertThat(extensions).containsExactly(".com", ".exe", ".bat", ".cmd");
    assertThat(
            RegistryCredentials.findHelper(List.of(bin), "docker-credential-wincred", extensions))
        .contains(helper);
  }

  @Test
  void windowsExtensionsDefaultAsCmdExeDoesWithoutPathext() {
    assertThat(RegistryCredentials.executableExtensions("Windows Server 2022", null))
        .containsExactly(".com", ".exe", ".bat", ".cmd");
    assertThat(RegistryCredentials.executableExtensions("Linux", ".COM;.EXE")).containsExactly("");
    assertThat(RegistryCredentials.executableExtensions("Mac OS X", null)).containsExactly("");
  }

  @Test
  void credHelpersEntryAppliesOnlyToItsRegistry() throws Exception {
    var store = fakeHelper();
    writeConfig("{\"credHelpers\": {\"helped.example.com\": \"drovertest\"}}");
    var service = credentials();

    service.login("helped.example.com", "h", "pw-h");
    service.login("plain.example.com", "p", "pw-p");

    assertThat(Files.exists(store.resolve("helped.example.com"))).isTrue();
    var saved = readConfig();
    assertThat(saved.path("auths").path("helped.example.com").has("auth")).isFalse();
    assertThat(saved.path("auths").path("plain.example.com").has("auth")).isTrue();
    assertThat(service.authFor("helped.example.com/x"))
        .map(AuthConfig::getPassword)
        .hasValue("pw-h");
    assertThat(service.authFor("plain.example.com/x"))
        .map(AuthConfig::getPassword)
        .hasValue("pw-p");
  }

  /**
   * A helper that has no logins and notes each question it is asked in {@code calls}, as "verb
   * input".
   */
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
  void forImagesHoldsTheLoginsOfTheRegistriesTheImagesComeFrom() throws Exception {
    fakeHelper();
    writeConfig("{\"credHelpers\": {\"helped.example.com\": \"drovertest\"}}");
    var service = credentials();
    service.login("helped.example.com", "h", "pw-h");
    service.login("plain.example.com", "p", "pw-p");
    service.login("docker.io", "hub", "pw-hub");

    var logins =
        service
            .forImages(
                List.of("helped.example.com/team/app:1", "alpine:3.20", "docker.io/library/nginx"))
            .getConfigs();

    assertThat(logins).containsOnlyKeys("helped.example.com", RegistryCredentials.DOCKER_HUB);
    assertThat(logins.get("helped.example.com").getPassword()).isEqualTo("pw-h");
    assertThat(logins.get(RegistryCredentials.DOCKER_HUB).getPassword()).isEqualTo("pw-hub");
  }

  @Test
  void forImagesRunsOnlyTheHelpersOfTheRegistriesTheImagesComeFrom() throws Exception {
    var wanted = recordingHelper("wanted");
    var other = recordingHelper("other");
    var store = recordingHelper("store");
    writeConfig(
        """
                {"credHelpers": {"wanted.example.com": "wanted", "other.example.com": "other"},
                 "credsStore": "store", "auths": {"stored.example.com": {}}}
                """);

    var logins =
        credentials().forImages(List.of("wanted.example.com/base:1", "local-only:dev", "busybox"));

    assertThat(logins.getConfigs()).isEmpty();
    assertThat(calls(wanted)).containsExactly("get wanted.example.com");
    assertThat(calls(other)).as("a registry no image comes from").isEmpty();
    assertThat(calls(store))
        .as("no login is saved for Docker Hub, so the store is not asked")
        .isEmpty();
  }

  @Test
  void forNoImagesNothingIsReadOrRun() throws Exception {
    var store = recordingHelper("store");
    writeConfig("{\"credsStore\": \"store\", \"auths\": {\"stored.example.com\": {}}}");

    assertThat(credentials().forImages(List.of()).getConfigs()).isEmpty();
    assertThat(calls(store)).isEmpty();
  }

  @Test
  void forImagesLeavesOutALoginItCannotReadAndKeepsTheOthers() throws Exception {
    writeConfig(
        "{\"auths\": {\"damaged.example.com\": {\"auth\": \"not base64!\"}, \"good.example.com\": {\"auth\": \""
            + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8))
            + "\"}},"
            + " \"credHelpers\": {\"helped.example.com\": \"nosuchhelper\"}}");

    assertThat(
            credentials()
                .forImages(
                    List.of("damaged.example.com/a", "good.example.com/b", "helped.example.com/c"))
                .getConfigs())
        .containsOnlyKeys("good.example.com");
  }

  @Test
  void missingHelperIsNamedInTheError() throws Exception {
    writeConfig("{\"credsStore\": \"nosuchhelper\"}");

    assertThatThrownBy(() -> credentials().login("r.example.com", "u", "p"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("docker-credential-nosuchhelper")
        .hasMessageContaining("not installed");
    assertThat(readConfig().has("auths")).isFalse();
  }

  @Test
  void registryKeysFollowTheCli() {
    assertThat(RegistryCredentials.registryKey("docker.io"))
        .isEqualTo(RegistryCredentials.DOCKER_HUB);
    assertThat(RegistryCredentials.registryKey("")).isEqualTo(RegistryCredentials.DOCKER_HUB);
    assertThat(RegistryCredentials.registryKey("https://ghcr.io/v2/")).isEqualTo("ghcr.io");
    assertThat(RegistryCredentials.registryOf("team/app"))
        .isEqualTo(RegistryCredentials.DOCKER_HUB);
    assertThat(RegistryCredentials.registryOf("localhost/app")).isEqualTo("localhost");
    assertThat(RegistryCredentials.registryOf("ghcr.io/o/app:1")).isEqualTo("ghcr.io");
  }
}
