package dev.drover.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineEndpointResolver;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerContextWriterTest {

  @TempDir Path home;

  private Path clientTls() throws Exception {
    var folder = Files.createDirectories(home.resolve("vm-tls"));
    for (var name : new String[] {"ca.pem", "cert.pem", "key.pem"})
      Files.writeString(folder.resolve(name), name);
    return folder;
  }

  @Test
  void writtenContextIsWhatTheDockerCliAndDroversResolverRead() throws Exception {
    var dockerConfig = home.resolve("docker-config");
    var writer =
        DockerContextWriter.forEnvironment(Map.of("DOCKER_CONFIG", dockerConfig.toString()), home);
    writer.write(
        "drover", URI.create("tcp://127.0.0.1:40000"), Optional.of(clientTls()), "Drover VM");

    var resolved =
        new EngineEndpointResolver(
                Map.of("DOCKER_CONFIG", dockerConfig.toString(), "DOCKER_CONTEXT", "drover"),
                home,
                false)
            .resolve();
    assertThat(resolved.host()).isEqualTo(URI.create("tcp://127.0.0.1:40000"));
    assertThat(resolved.source()).isEqualTo(EngineEndpoint.Source.CONTEXT);
    assertThat(resolved.tlsVerify()).isTrue();
    assertThat(resolved.tlsMaterial())
        .hasValueSatisfying(tls -> assertThat(tls.resolve("key.pem")).hasContent("key.pem"));
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(
                    resolved.tlsMaterial().orElseThrow().resolve("key.pem"))))
        .isEqualTo("rw-------");
  }

  @Test
  void currentContextIsLeftAsItWas() throws Exception {
    var dockerConfig = Files.createDirectories(home.resolve(".docker"));
    var config = "{\"currentContext\":\"colima\",\"auths\":{}}";
    Files.writeString(dockerConfig.resolve("config.json"), config);
    DockerContextWriter.forEnvironment(Map.of(), home)
        .write(
            "drover", URI.create("tcp://127.0.0.1:40000"), Optional.of(clientTls()), "Drover VM");
    assertThat(dockerConfig.resolve("config.json")).hasContent(config);
    assertThat(dockerConfig.resolve("contexts/meta"))
        .isDirectoryContaining(p -> p.getFileName().toString().length() == 64);
  }

  @Test
  void removingDeletesMetadataAndCertificates() throws Exception {
    var writer = DockerContextWriter.forEnvironment(Map.of(), home);
    writer.write(
        "drover", URI.create("tcp://127.0.0.1:40000"), Optional.of(clientTls()), "Drover VM");
    writer.remove("drover");
    assertThat(writer.metaFile("drover")).doesNotExist();
    assertThat(home.resolve(".docker/contexts/tls")).isEmptyDirectory();
  }
}
