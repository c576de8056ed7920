package dev.drover.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineEndpointResolverTest {

  @TempDir Path home;

  @Test
  void dockerHostWinsOverCurrentContext() throws IOException {
    Path config = home.resolve(".docker");
    writeConfig(config, "{\"currentContext\":\"colima\"}");
    writeContext(config, "colima", "unix:///Users/me/.colima/default/docker.sock", false);

    EngineEndpoint endpoint =
        resolver(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375", "DOCKER_CONTEXT", "colima"))
            .resolve();

    assertThat(endpoint.source()).isEqualTo(EngineEndpoint.Source.DOCKER_HOST);
    assertThat(endpoint.name()).isEqualTo("DOCKER_HOST");
    assertThat(endpoint.host()).isEqualTo(URI.create("tcp://10.0.0.5:2375"));
    assertThat(endpoint.tlsMaterial()).isEmpty();
    assertThat(endpoint.tlsVerify()).isFalse();
  }

  @Test
  void dockerContextEnvWinsOverConfigFile() throws IOException {
    Path config = home.resolve(".docker");
    writeConfig(config, "{\"currentContext\":\"colima\"}");
    writeContext(config, "colima", "unix:///Users/me/.colima/default/docker.sock", false);
    writeContext(config, "rootless", "unix:///run/user/1000/docker.sock", false);

    EngineEndpoint endpoint = resolver(Map.of("DOCKER_CONTEXT", "rootless")).resolve();

    assertThat(endpoint.source()).isEqualTo(EngineEndpoint.Source.CONTEXT);
    assertThat(endpoint.name()).isEqualTo("rootless");
    assertThat(endpoint.host()).isEqualTo(URI.create("unix:///run/user/1000/docker.sock"));
  }

  @Test
  void currentContextIsReadFromMetaFolderBySha256OfName() throws IOException {
    Path config = home.resolve(".docker");
    writeConfig(config, "{\"auths\":{},\"currentContext\":\"desktop-linux\"}");
    Path meta =
        writeContext(config, "desktop-linux", "unix:///home/me/.docker/desktop/docker.sock", false);

    EngineEndpoint endpoint = resolver(Map.of()).resolve();

    // Known digest, so a wrong hashing scheme cannot pass by agreeing with itself.
    assertThat(meta.getParent().getFileName().toString())
        .isEqualTo("fe9c6bd7a66301f49ca9b6a70b217107cd1284598bfc254700c989b916da791e");
    assertThat(endpoint.source()).isEqualTo(EngineEndpoint.Source.CONTEXT);
    assertThat(endpoint.name()).isEqualTo("desktop-linux");
    assertThat(endpoint.host())
        .isEqualTo(URI.create("unix:///home/me/.docker/desktop/docker.sock"));
    assertThat(endpoint.tlsMaterial()).isEmpty();
    assertThat(endpoint.tlsVerify()).isFalse();
    assertThat(endpoint.describe())
        .isEqualTo("context desktop-linux (unix:///home/me/.docker/desktop/docker.sock)");
  }

  @Test
  void contextTlsMaterialIsUsedWhenPresent() throws IOException {
    Path config = home.resolve(".docker");
    writeContext(config, "remote", "tcp://build.example.com:2376", false);
    writeContext(config, "lab", "tcp://lab.example.com:2376", true);
    Path remoteTls = writeTlsMaterial(config, "remote");
    Path labTls = writeTlsMaterial(config, "lab");

    EngineEndpoint remote = resolver(Map.of("DOCKER_CONTEXT", "remote")).resolve();
    EngineEndpoint lab = resolver(Map.of("DOCKER_CONTEXT", "lab")).resolve();

    assertThat(remote.tlsMaterial()).contains(remoteTls);
    assertThat(remote.tlsVerify()).isTrue();
    assertThat(lab.tlsMaterial()).contains(labTls);
    assertThat(lab.tlsVerify()).as("SkipTLSVerify=true in meta.json").isFalse();
  }

  @Test
  void defaultContextFallsBackToPlatformSocket() throws IOException {
    writeConfig(home.resolve(".docker"), "{\"currentContext\":\"default\"}");

    EngineEndpoint endpoint = resolver(Map.of()).resolve();

    assertThat(endpoint.source()).isEqualTo(EngineEndpoint.Source.PLATFORM_DEFAULT);
    assertThat(endpoint.name()).isEqualTo("default");
    assertThat(endpoint.host()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
    assertThat(endpoint.tlsMaterial()).isEmpty();
  }

  @Test
  void windowsDefaultIsNamedPipe() {
    EngineEndpoint endpoint = new EngineEndpointResolver(Map.of(), home, true).resolve();

    assertThat(endpoint.source()).isEqualTo(EngineEndpoint.Source.PLATFORM_DEFAULT);
    assertThat(endpoint.host().toString()).isEqualTo("npipe:////./pipe/docker_engine");
  }

  @Test
  void missingConfigFileMeansPlatformDefault() {
    EngineEndpoint endpoint = resolver(Map.of()).resolve();

    assertThat(endpoint.source()).isEqualTo(EngineEndpoint.Source.PLATFORM_DEFAULT);
    assertThat(endpoint.host()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
  }

  @Test
  void unknownContextIsAClearError() throws IOException {
    writeConfig(home.resolve(".docker"), "{\"currentContext\":\"foo\"}");

    assertThatThrownBy(() -> resolver(Map.of()).resolve())
        .isInstanceOf(EngineConfigurationException.class)
        .hasMessageContaining("\"foo\"")
        .hasMessageContaining("config.json")
        .hasMessageContaining("docker context ls");
  }

  @Test
  void corruptConfigFileIsAClearErrorNamingTheFile() throws IOException {
    writeConfig(home.resolve(".docker"), "{\"currentContext\": \"colima\",");

    assertThatThrownBy(() -> resolver(Map.of()).resolve())
        .isInstanceOf(EngineConfigurationException.class)
        .hasMessageContaining("config.json")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void dockerConfigEnvMovesTheConfigFolder() throws IOException {
    Path moved = home.resolve("elsewhere/docker-config");
    writeConfig(moved, "{\"currentContext\":\"colima\"}");
    writeContext(moved, "colima", "unix:///Users/me/.colima/default/docker.sock", false);
    // The usual folder selects something else, which must now be ignored.
    writeConfig(home.resolve(".docker"), "{\"currentContext\":\"nowhere\"}");

    EngineEndpoint endpoint = resolver(Map.of("DOCKER_CONFIG", moved.toString())).resolve();

    assertThat(endpoint.name()).isEqualTo("colima");
    assertThat(endpoint.host())
        .isEqualTo(URI.create("unix:///Users/me/.colima/default/docker.sock"));
  }

  @Test
  void dockerTlsVerifyUsesCertPath() {
    Path certs = home.resolve("certs");

    EngineEndpoint withPath =
        resolver(
                Map.of(
                    "DOCKER_HOST", "tcp://swarm.example.com:2376",
                    "DOCKER_TLS_VERIFY", "1",
                    "DOCKER_CERT_PATH", certs.toString()))
            .resolve();
    EngineEndpoint withoutPath =
        resolver(
                Map.of(
                    "DOCKER_HOST", "tcp://swarm.example.com:2376",
                    "DOCKER_TLS_VERIFY", "1"))
            .resolve();
    EngineEndpoint switchedOff =
        resolver(
                Map.of(
                    "DOCKER_HOST", "tcp://swarm.example.com:2376",
                    "DOCKER_TLS_VERIFY", "0",
                    "DOCKER_CERT_PATH", certs.toString()))
            .resolve();

    assertThat(withPath.tlsMaterial()).contains(certs);
    assertThat(withPath.tlsVerify()).isTrue();
    assertThat(withoutPath.tlsMaterial()).contains(home.resolve(".docker"));
    assertThat(withoutPath.tlsVerify()).isTrue();
    assertThat(switchedOff.tlsMaterial()).contains(certs);
    assertThat(switchedOff.tlsVerify()).isFalse();
  }

  private EngineEndpointResolver resolver(Map<String, String> environment) {
    return new EngineEndpointResolver(environment, home, false);
  }

  private static void writeConfig(Path configDir, String json) throws IOException {
    Files.createDirectories(configDir);
    Files.writeString(configDir.resolve("config.json"), json);
  }

  /** Lays the context out as `docker context create` does. */
  private static Path writeContext(Path configDir, String name, String host, boolean skipTlsVerify)
      throws IOException {
    Path folder = configDir.resolve("contexts/meta").resolve(sha256Hex(name));
    Files.createDirectories(folder);
    Path meta = folder.resolve("meta.json");
    Files.writeString(
        meta,
        "{\"Name\":\""
            + name
            + "\",\"Metadata\":{\"Description\":\"\"},"
            + "\"Endpoints\":{\"docker\":{\"Host\":\""
            + host
            + "\",\"SkipTLSVerify\":"
            + skipTlsVerify
            + "}}}");
    return meta;
  }

  private static Path writeTlsMaterial(Path configDir, String name) throws IOException {
    Path folder = configDir.resolve("contexts/tls").resolve(sha256Hex(name)).resolve("docker");
    Files.createDirectories(folder);
    for (String file : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
      Files.writeString(
          folder.resolve(file), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    }
    return folder;
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
