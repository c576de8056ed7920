package dev.drover.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerdClientsTest {

  @Test
  void socketPathWithSpacesBecomesAnEscapedTarget() {
    assertThat(ContainerdClients.unixTarget("/Users/Jo Doe/.drover/containerd.sock"))
        .isEqualTo("unix:/Users/Jo%20Doe/.drover/containerd.sock");
  }

  @Test
  void plainTcpIsRefused() {
    var plain = EngineEndpoint.of("vm", URI.create("tcp://127.0.0.1:2377"));
    assertThatThrownBy(() -> ContainerdClients.open(plain))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("only with mutual TLS");
  }

  @Test
  void certificateFolderWithoutCaIsRefused(@TempDir Path empty) {
    var endpoint =
        new EngineEndpoint(
            "vm",
            URI.create("tcp://127.0.0.1:2377"),
            Optional.of(empty),
            true,
            EngineEndpoint.Source.VM);
    assertThatThrownBy(() -> ContainerdClients.open(endpoint))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("has no readable ca.pem");
  }

  @Test
  void otherSchemesAreRefusedNamingTheOnesThatWork() {
    var ssh = EngineEndpoint.of("remote", URI.create("ssh://me@host"));
    assertThatThrownBy(() -> ContainerdClients.open(ssh))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("unix:///path/containerd.sock");
  }
}
