package dev.drover.app.ui.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.engine.EngineException;
import dev.drover.engine.registries.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistriesViewModelTest {

  @TempDir Path config;

  private RegistriesViewModel model(RegistryCredentials.CredentialCheck check) {
    return new RegistriesViewModel(
        new RegistryCredentials(config, check, List.of()), Background.sameThread());
  }

  @Test
  void loginListsTheRegistryAndClearsThePassword() {
    var model = model(login -> {});
    model.registryProperty().set("127.0.0.1:5001");
    model.usernameProperty().set("alice");
    model.passwordProperty().set("pw");

    model.login();

    assertThat(model.registriesProperty()).containsExactly("127.0.0.1:5001");
    assertThat(model.passwordProperty().get()).isEmpty();
    assertThat(model.noticeProperty().get()).isEqualTo("Logged in to 127.0.0.1:5001 as alice.");
    assertThat(model.errorProperty().get()).isEmpty();
    assertThat(model.busyProperty().get()).isFalse();
  }

  @Test
  void refusedLoginShowsTheEngineWordsAndKeepsTheForm() {
    var model =
        model(
            login -> {
              throw new EngineException(
                  "Logging in to 127.0.0.1:5001 failed: the engine said: unauthorized: authentication required");
            });
    model.registryProperty().set("127.0.0.1:5001");
    model.usernameProperty().set("alice");
    model.passwordProperty().set("wrong");

    model.login();

    assertThat(model.errorProperty().get()).contains("unauthorized: authentication required");
    assertThat(model.passwordProperty().get()).isEqualTo("wrong");
    assertThat(model.registriesProperty()).isEmpty();
    assertThat(Files.exists(config.resolve("config.json"))).isFalse();
  }

  @Test
  void loginWithoutPasswordAsksForOne() {
    var model = model(login -> {});
    model.usernameProperty().set("alice");

    model.login();

    assertThat(model.errorProperty().get()).contains("password");
    assertThat(Files.exists(config.resolve("config.json"))).isFalse();
  }

  @Test
  void logoutRemovesTheSelectedRegistry() {
    var model = model(login -> {});
    model.usernameProperty().set("hub");
    model.passwordProperty().set("pw");
    model.login();
    assertThat(model.registriesProperty()).containsExactly(RegistryCredentials.DOCKER_HUB);

    model.logout(RegistryCredentials.DOCKER_HUB);

    assertThat(model.registriesProperty()).isEmpty();
    assertThat(model.noticeProperty().get()).startsWith("Logged out of Docker Hub");
  }

  @Test
  void damagedConfigIsReportedOnRefresh() throws Exception {
    Files.writeString(config.resolve("config.json"), "not json");
    var model = model(login -> {});

    model.refresh();

    assertThat(model.errorProperty().get()).contains("is not valid JSON");
  }
}
