package dev.drover.app.ui.tray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.app.ui.shell.Page;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineStatus;
import dev.drover.icons.IconState;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrayViewModelTest {

  private static final EngineEndpoint ENDPOINT =
      EngineEndpoint.of("DOCKER_HOST", URI.create("unix:///run/test/docker.sock"));

  private final List<String> calls = new ArrayList<>();
  private final NoticesViewModel notices = new NoticesViewModel();
  private int runningContainers;
  private boolean answerQuitAnyway;
  private final List<Integer> questionsAsked = new ArrayList<>();

  private final TrayViewModel.App app =
      new TrayViewModel.App() {
        @Override
        public void show(Page page) {
          calls.add("show " + page);
        }

        @Override
        public void exit() {
          calls.add("exit");
        }
      };

  /** An engine Drover runs (the VM driver's shape), recording what it was asked. */
  private final class OwnedEngine implements EngineControl {
    boolean failNext;

    @Override
    public boolean ownsEngine() {
      return true;
    }

    @Override
    public void start() {
      record("start");
    }

    @Override
    public void stop() {
      record("stop");
    }

    @Override
    public void restart() {
      record("restart");
    }

    private void record(String what) {
      calls.add("engine " + what);
      if (failNext)
        throw new IllegalStateException("the VM did not answer within 60 s; see the VM log");
    }
  }

  private TrayViewModel tray(EngineControl engine) {
    return new TrayViewModel(
        Background.sameThread(),
        engine,
        KubernetesControl.notAvailable(),
        () -> runningContainers,
        running -> {
          questionsAsked.add(running);
          return answerQuitAnyway;
        },
        app,
        notices);
  }

  private TrayViewModel connectionOnly() {
    return tray(EngineControl.connectionOnly(() -> calls.add("reconnect")));
  }

  @Test
  void iconFollowsTheEngineFromConnectingToRunningToError() {
    var tray = connectionOnly();
    assertThat(tray.iconProperty().get()).isEqualTo(IconState.STARTING);

    tray.statusChanged(new EngineStatus.Connecting(ENDPOINT));
    assertThat(tray.iconProperty().get()).isEqualTo(IconState.STARTING);
    assertThat(tray.engineLineProperty().get())
        .isEqualTo("Engine starting: connecting to " + ENDPOINT.describe() + "…");

    tray.statusChanged(new EngineStatus.Connected(ENDPOINT, "28.1.1", "linux"));
    assertThat(tray.iconProperty().get()).isEqualTo(IconState.RUNNING);
    assertThat(tray.engineLineProperty().get())
        .isEqualTo("Engine running: Docker 28.1.1 at " + ENDPOINT.describe());

    tray.statusChanged(
        new EngineStatus.Unreachable(ENDPOINT, "no engine is listening. Is Docker running?"));
    assertThat(tray.iconProperty().get()).isEqualTo(IconState.ERROR);
    assertThat(tray.engineLineProperty().get())
        .isEqualTo("Engine unreachable: no engine is listening. Is Docker running?");
    assertThat(tray.tooltipProperty().get()).startsWith("Drover: Engine unreachable");
  }

  @Test
  void anEngineDroverOnlyConnectsToIsReconnectedNeverStopped() {
    var tray = connectionOnly();
    tray.statusChanged(new EngineStatus.Unreachable(ENDPOINT, "gone"));

    assertThat(tray.canStartProperty().get()).isFalse();
    assertThat(tray.canStopProperty().get()).isFalse();
    assertThat(tray.canRestartProperty().get()).isTrue();
    assertThat(tray.restartTextProperty().get()).isEqualTo("Reconnect to engine");

    tray.restartEngine();
    assertThat(calls).containsExactly("reconnect");
  }

  @Test
  void anOwnedEngineStoppedOnPurposeShowsStoppedAndCanBeStartedAgain() {
    var tray = tray(new OwnedEngine());
    tray.statusChanged(new EngineStatus.Connected(ENDPOINT, "28.1.1", "linux"));
    assertThat(tray.canStopProperty().get()).isTrue();
    assertThat(tray.canStartProperty().get()).isFalse();
    assertThat(tray.restartTextProperty().get()).isEqualTo("Restart engine");

    tray.stopEngine();
    tray.statusChanged(new EngineStatus.Unreachable(ENDPOINT, "connection refused"));

    assertThat(calls).containsExactly("engine stop");
    assertThat(tray.iconProperty().get()).as("stopped, not an error").isEqualTo(IconState.STOPPED);
    assertThat(tray.engineLineProperty().get()).isEqualTo("Engine stopped");
    assertThat(tray.canStartProperty().get()).isTrue();
    assertThat(tray.canStopProperty().get()).isFalse();

    tray.startEngine();
    tray.statusChanged(new EngineStatus.Unreachable(ENDPOINT, "connection refused"));
    assertThat(tray.iconProperty().get())
        .as("after start, unreachable is an error again")
        .isEqualTo(IconState.ERROR);
  }

  @Test
  void anEngineCommandThatFailsIsReportedInWordsAndFreesTheMenu() {
    var engine = new OwnedEngine();
    engine.failNext = true;
    var tray = tray(engine);
    tray.statusChanged(new EngineStatus.Unreachable(ENDPOINT, "connection refused"));

    tray.startEngine();

    assertThat(notices.noticesProperty())
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.title()).isEqualTo("The engine could not be started");
              assertThat(notice.detail())
                  .isEqualTo("the VM did not answer within 60 s; see the VM log");
            });
    assertThat(tray.canStartProperty().get()).isTrue();
  }

  @Test
  void quittingWhileContainersRunAsksFirstAndStaysWhenTheAnswerIsNo() {
    var tray = connectionOnly();
    runningContainers = 3;
    answerQuitAnyway = false;

    tray.quit();

    assertThat(questionsAsked).containsExactly(3);
    assertThat(calls).doesNotContain("exit");
  }

  @Test
  void quittingWithNothingRunningQuitsWithoutAsking() {
    var tray = connectionOnly();
    runningContainers = 0;

    tray.quit();

    assertThat(questionsAsked).isEmpty();
    assertThat(calls).containsExactly("exit");
  }

  @Test
  void quittingStopsAnEngineDroverRunsBeforeExiting() {
    var tray = tray(new OwnedEngine());
    runningContainers = 2;
    answerQuitAnyway = true;

    tray.quit();

    assertThat(questionsAsked).containsExactly(2);
    assertThat(calls).containsExactly("engine stop", "exit");
  }

  @Test
  void menuOpensTheWindowOnThePageAsked() {
    var tray = connectionOnly();

    tray.openWindow();
    tray.openPage(Page.CONTAINERS);
    tray.openPage(Page.KUBERNETES);
    tray.openPreferences();

    assertThat(calls)
        .containsExactly("show null", "show CONTAINERS", "show KUBERNETES", "show SETTINGS");
  }

  @Test
  void kubernetesItemsSayWhyTheyAreOffWhenThereIsNoCluster() {
    var tray = connectionOnly();

    var cluster = tray.kubernetesProperty().get();
    assertThat(cluster.available()).isFalse();
    assertThat(cluster.state()).isEqualTo("not available in this version");

    tray.setKubernetesEnabled(true);
    assertThat(notices.noticesProperty())
        .singleElement()
        .satisfies(
            notice -> assertThat(notice.title()).isEqualTo("Kubernetes could not be switched on"));
  }
}
