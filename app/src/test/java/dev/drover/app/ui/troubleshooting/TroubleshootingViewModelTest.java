package dev.drover.app.ui.troubleshooting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineEndpoint.Source;
import dev.drover.engine.EngineStatus;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TroubleshootingViewModelTest {

  private final TroubleshootingViewModel model =
      new TroubleshootingViewModel(
          UiDispatcher.immediate(),
          "/home/ada/.config/drover/settings.json",
          "/home/ada/.local/state/drover/logs");

  private String endpointTextFor(EngineEndpoint endpoint) {
    model.statusChanged(new EngineStatus.Connecting(endpoint));
    return model.endpointProperty().get();
  }

  @Test
  void saysNothingIsResolvedBeforeTheFirstStatus() {
    assertThat(model.endpointProperty().get()).isEqualTo("not resolved yet");
  }

  @Test
  void dockerHostVariableIsNamedAsTheRule() {
    var endpoint =
        new EngineEndpoint(
            "DOCKER_HOST",
            URI.create("tcp://build-box:2375"),
            Optional.empty(),
            false,
            Source.DOCKER_HOST);

    assertThat(endpointTextFor(endpoint))
        .isEqualTo("tcp://build-box:2375 (chosen by the DOCKER_HOST variable)");
  }

  @Test
  void contextIsNamedWithItsName() {
    var endpoint =
        new EngineEndpoint(
            "colima",
            URI.create("unix:///home/ada/.colima/default/docker.sock"),
            Optional.empty(),
            false,
            Source.CONTEXT);

    assertThat(endpointTextFor(endpoint))
        .isEqualTo(
            "unix:///home/ada/.colima/default/docker.sock (chosen by the Docker context \"colima\")");
  }

  @Test
  void platformDefaultIsNamedAsTheRule() {
    var endpoint =
        new EngineEndpoint(
            "default",
            URI.create("unix:///var/run/docker.sock"),
            Optional.empty(),
            false,
            Source.PLATFORM_DEFAULT);

    assertThat(endpointTextFor(endpoint))
        .isEqualTo("unix:///var/run/docker.sock (chosen by the platform default)");
  }

  @Test
  void explicitEndpointIsNamedAsDroversSettings() {
    var endpoint = EngineEndpoint.of("settings", URI.create("tcp://10.0.0.5:2375"));

    assertThat(endpointTextFor(endpoint))
        .isEqualTo("tcp://10.0.0.5:2375 (chosen by Drover's settings)");
  }

  @Test
  void runningVmIsNamedAsTheRuleWithItsCertificates() {
    var certs = Path.of("/home/ada/.local/state/drover/machines/drover/tls/client");
    var endpoint =
        new EngineEndpoint(
            "drover", URI.create("tcp://127.0.0.1:40123"), Optional.of(certs), true, Source.VM);

    assertThat(endpointTextFor(endpoint))
        .isEqualTo(
            "tcp://127.0.0.1:40123 (chosen by Drover's VM, which is running"
                + " (an engine named in Settings would take its place), TLS with "
                + certs
                + ")");
  }

  @Test
  void tlsMaterialIsNamed() {
    var certs = Path.of("/home/ada/.docker/certs");
    var endpoint =
        new EngineEndpoint(
            "DOCKER_HOST",
            URI.create("tcp://build-box:2376"),
            Optional.of(certs),
            true,
            Source.DOCKER_HOST);

    assertThat(endpointTextFor(endpoint))
        .isEqualTo(
            "tcp://build-box:2376 (chosen by the DOCKER_HOST variable, TLS with " + certs + ")");
  }

  @Test
  void statusWithoutAnEndpointKeepsTheLastKnownOne() {
    var endpoint = EngineEndpoint.of("settings", URI.create("tcp://10.0.0.5:2375"));
    model.statusChanged(new EngineStatus.Connected(endpoint, "28.3.1", "linux"));

    model.statusChanged(new EngineStatus.Unreachable(null, "the Docker config file is damaged"));

    assertThat(model.endpointProperty().get()).startsWith("tcp://10.0.0.5:2375 ");
  }

  @Test
  void namesDroversFiles() {
    assertThat(model.settingsFile()).isEqualTo("/home/ada/.config/drover/settings.json");
    assertThat(model.logsFolder()).isEqualTo("/home/ada/.local/state/drover/logs");
  }
}
