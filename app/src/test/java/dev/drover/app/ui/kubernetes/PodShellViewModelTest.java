package dev.drover.app.ui.kubernetes;

import static dev.drover.app.ui.terminal.TerminalViewModel.State.ENDED;
import static dev.drover.app.ui.terminal.TerminalViewModel.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.kube.cluster.ClusterException;
import dev.drover.kube.cluster.exec.PodShells;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class PodShellViewModelTest {

  /** A UI thread the test turns by hand. */
  private static final class ManualUi implements UiDispatcher {
    final List<Runnable> pending = new ArrayList<>();

    @Override
    public void post(Runnable action) {
      pending.add(action);
    }

    void turn() {
      while (!pending.isEmpty()) {
        var now = new ArrayList<>(pending);
        pending.clear();
        now.forEach(Runnable::run);
      }
    }
  }

  /** Background work the test releases by hand. */
  private static final class ManualWorkers implements Executor {
    final List<Runnable> queued = new ArrayList<>();

    @Override
    public void execute(Runnable work) {
      queued.add(work);
    }

    void runAll() {
      while (!queued.isEmpty()) {
        var now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
      }
    }
  }

  /** A pod with the containers "app" and "proxy" whose shells open as scripted. */
  private static final class ScriptedPod implements PodShellSessions {
    final List<Shell> opened = new ArrayList<>();
    final List<String> containerLookups = new ArrayList<>();
    RuntimeException refusal;

    @Override
    public List<String> containers(String namespace, String pod) {
      containerLookups.add(namespace + "/" + pod);
      return List.of("app", "proxy");
    }

    @Override
    public PodShells.Session open(
        String namespace,
        String pod,
        String container,
        int columns,
        int rows,
        PodShells.Sink sink) {
      if (refusal != null) throw refusal;
      var shell = new Shell(namespace + "/" + pod + "/" + container, sink);
      opened.add(shell);
      return shell;
    }

    Shell last() {
      return opened.getLast();
    }
  }

  private static final class Shell implements PodShells.Session {
    final String where;
    final PodShells.Sink sink;
    final ByteArrayOutputStream typed = new ByteArrayOutputStream();
    final List<int[]> sizes = new ArrayList<>();
    boolean closed;

    Shell(String where, PodShells.Sink sink) {
      this.where = where;
      this.sink = sink;
    }

    @Override
    public void send(byte[] input) {
      typed.writeBytes(input);
    }

    @Override
    public void resize(int columns, int rows) {
      sizes.add(new int[] {columns, rows});
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final ManualUi ui = new ManualUi();
  private final ManualWorkers workers = new ManualWorkers();
  private final ScriptedPod pod = new ScriptedPod();
  private final PodShellViewModel model =
      new PodShellViewModel(new Background(workers, ui), pod, "shop", "web-1");
  private final List<String> screen = new ArrayList<>();

  {
    model.terminal().subscribe(bytes -> screen.add(new String(bytes, StandardCharsets.UTF_8)));
  }

  private void settle() {
    for (int i = 0; i < 5; i++) {
      workers.runAll();
      ui.turn();
    }
  }

  @Test
  void theFirstShellOpensInThePodsFirstContainerAndThePickerListsThemAll() {
    model.terminal().open(80, 24);
    settle();

    assertThat(pod.last().where).isEqualTo("shop/web-1/app");
    assertThat(model.containers()).containsExactly("app", "proxy");
    assertThat(model.containerProperty().get()).isEqualTo("app");
    assertThat(pod.opened).as("choosing the default does not open a second shell").hasSize(1);
    assertThat(model.terminal().stateProperty().get()).isEqualTo(OPEN);
  }

  @Test
  void keystrokesOutputAndSizeChangesPassThrough() {
    model.terminal().open(80, 24);
    settle();
    model.terminal().type("ls\r");
    model.terminal().resize(120, 40);
    pod.last().sink.output("\u001b[34mbin\u001b[0m\r\n".getBytes(StandardCharsets.UTF_8));
    ui.turn();

    assertThat(pod.last().typed.toString(StandardCharsets.UTF_8)).isEqualTo("ls\r");
    assertThat(pod.last().sizes.getLast()).containsExactly(120, 40);
    assertThat(screen).containsExactly("\u001b[34mbin\u001b[0m\r\n");
  }

  @Test
  void pickingAnotherContainerHangsUpAndOpensAShellThere() {
    model.terminal().open(80, 24);
    settle();
    var first = pod.last();

    model.containerProperty().set("proxy");
    settle();

    assertThat(first.closed).isTrue();
    assertThat(pod.last().where).isEqualTo("shop/web-1/proxy");
    assertThat(pod.containerLookups).as("the containers are read once").hasSize(1);
    assertThat(model.terminal().stateProperty().get()).isEqualTo(OPEN);
  }

  @Test
  void anExitShowsItsCodeAndANewShellOpensInTheSameContainer() {
    model.terminal().open(80, 24);
    settle();
    model.containerProperty().set("proxy");
    settle();

    pod.last().sink.ended(2, null);
    ui.turn();
    assertThat(model.terminal().stateProperty().get()).isEqualTo(ENDED);
    assertThat(model.terminal().messageProperty().get()).isEqualTo("The shell exited with code 2.");

    model.terminal().reopen();
    settle();
    assertThat(pod.last().where).isEqualTo("shop/web-1/proxy");
    assertThat(model.terminal().stateProperty().get()).isEqualTo(OPEN);
  }

  @Test
  void aShellTheClusterRefusesShowsWhyAndAnotherContainerCanBeTried() {
    pod.refusal =
        new ClusterException(
            "The container app is not running (CrashLoopBackOff); a shell can open once it runs again.");
    model.terminal().open(80, 24);
    settle();

    assertThat(model.terminal().stateProperty().get()).isEqualTo(ENDED);
    assertThat(model.terminal().messageProperty().get()).contains("CrashLoopBackOff");
    assertThat(model.containers())
        .as("the picker is filled all the same")
        .containsExactly("app", "proxy");

    pod.refusal = null;
    model.containerProperty().set("proxy");
    settle();
    assertThat(pod.last().where).isEqualTo("shop/web-1/proxy");
    assertThat(model.terminal().stateProperty().get()).isEqualTo(OPEN);
  }

  @Test
  void aShellThatCannotStartSaysSo() {
    model.terminal().open(80, 24);
    settle();
    pod.last().sink.ended(null, "The container app has no shell (/bin/sh)");
    ui.turn();

    assertThat(model.terminal().messageProperty().get()).contains("has no shell");
  }

  @Test
  void closingThePageHangsUp() {
    model.terminal().open(80, 24);
    settle();
    model.close();

    assertThat(pod.last().closed).isTrue();
  }
}
