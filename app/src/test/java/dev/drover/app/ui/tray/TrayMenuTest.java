package dev.drover.app.ui.tray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.app.ui.shell.Page;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrayMenuTest {

  private static final EngineEndpoint ENDPOINT =
      EngineEndpoint.of("DOCKER_HOST", URI.create("unix:///run/test/docker.sock"));

  private final List<String> calls = new ArrayList<>();

  private final EngineControl ownedEngine =
      new EngineControl() {
        @Override
        public boolean ownsEngine() {
          return true;
        }

        @Override
        public void start() {
          calls.add("engine start");
        }

        @Override
        public void stop() {
          calls.add("engine stop");
        }

        @Override
        public void restart() {
          calls.add("engine restart");
        }
      };

  private final TrayViewModel model =
      new TrayViewModel(
          Background.sameThread(),
          ownedEngine,
          KubernetesControl.notAvailable(),
          () -> 0,
          running -> true,
          new TrayViewModel.App() {
            @Override
            public void show(Page page) {
              calls.add("show " + page);
            }

            @Override
            public void exit() {
              calls.add("exit");
            }
          },
          new NoticesViewModel());

  @Test
  void menuHasTheItemsOfTheAwtTrayInItsOrder() {
    model.statusChanged(new EngineStatus.Connected(ENDPOINT, "28.1.1", "linux"));

    var menu = TrayMenu.of(model);
    assertThat(menu.get(2).label()).isEqualTo(model.engineLineProperty().get());
    assertThat(menu.get(2).label()).startsWith("Engine running: Docker 28.1.1");
    assertThat(menu.stream().map(TrayMenu.Item::label))
        .containsExactly(
            "Open Drover",
            "",
            model.engineLineProperty().get(),
            "Start engine",
            "Stop engine",
            "Restart engine",
            "",
            "Kubernetes: " + model.kubernetesProperty().get().state(),
            "Kubernetes",
            "Kubernetes context",
            "",
            "Containers",
            "Kubernetes",
            "Preferences…",
            "",
            "Quit Drover");
  }

  @Test
  void engineItemsFollowTheEngineAndClickingThemRunsTheCommand() {
    model.statusChanged(new EngineStatus.Unreachable(ENDPOINT, "gone"));
    var stopped = TrayMenu.of(model);
    assertThat(TrayMenu.find(stopped, TrayMenu.START_ENGINE).orElseThrow().enabled()).isTrue();
    assertThat(TrayMenu.find(stopped, TrayMenu.STOP_ENGINE).orElseThrow().enabled()).isFalse();

    TrayMenu.find(stopped, TrayMenu.START_ENGINE)
        .orElseThrow()
        .action()
        .orElseThrow()
        .accept(model);
    assertThat(calls).containsExactly("engine start");

    model.statusChanged(new EngineStatus.Connected(ENDPOINT, "28.1.1", "linux"));
    var running = TrayMenu.of(model);
    assertThat(TrayMenu.find(running, TrayMenu.START_ENGINE).orElseThrow().enabled()).isFalse();
    assertThat(TrayMenu.find(running, TrayMenu.STOP_ENGINE).orElseThrow().enabled()).isTrue();
    assertThat(TrayMenu.shown(running)).isNotEqualTo(TrayMenu.shown(stopped));
    assertThat(TrayMenu.shown(TrayMenu.of(model))).isEqualTo(TrayMenu.shown(running));
  }

  @Test
  void dbusMenuPropertiesSayWhatEachKindIs() {
    var menu = TrayMenu.of(model);
    var separator = StatusNotifierTrayView.properties(menu.get(1));
    assertThat(separator.get("type").getValue()).isEqualTo("separator");
    var engineLine = StatusNotifierTrayView.properties(menu.get(2));
    assertThat(engineLine.get("enabled").getValue()).isEqualTo(false);
    var kubernetesSwitch =
        StatusNotifierTrayView.properties(
            TrayMenu.find(menu, TrayMenu.KUBERNETES_SWITCH).orElseThrow());
    assertThat(kubernetesSwitch.get("toggle-type").getValue()).isEqualTo("checkmark");
    var contexts =
        StatusNotifierTrayView.properties(
            TrayMenu.find(menu, TrayMenu.KUBERNETES_CONTEXTS).orElseThrow());
    assertThat(contexts.get("children-display").getValue()).isEqualTo("submenu");
    var open = StatusNotifierTrayView.properties(menu.getFirst());
    assertThat(open).containsOnlyKeys("label");
  }
}
