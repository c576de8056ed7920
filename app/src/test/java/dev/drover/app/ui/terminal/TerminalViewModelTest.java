package dev.drover.app.ui.terminal;

import static dev.drover.app.ui.terminal.TerminalViewModel.State.CONNECTING;
import static dev.drover.app.ui.terminal.TerminalViewModel.State.ENDED;
import static dev.drover.app.ui.terminal.TerminalViewModel.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.EngineException;
import dev.drover.engine.exec.ShellEnd;
import dev.drover.engine.exec.ShellSession;
import dev.drover.engine.exec.ShellSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class TerminalViewModelTest {

  /** A UI thread the test turns by hand: posts wait until {@link #turn()}. */
  private static final class ManualUi implements UiDispatcher {
    final List<Runnable> pending = new ArrayList<>();

    @Override
    public void post(Runnable action) {
      pending.add(action);
    }

    void turn() {
      var now = new ArrayList<>(pending);
      pending.clear();
      now.forEach(Runnable::run);
    }
  }

  /** Background work the test releases by hand, so "connecting" can be observed. */
  private static final class ManualWorkers implements Executor {
    final List<Runnable> queued = new ArrayList<>();

    @Override
    public void execute(Runnable work) {
      queued.add(work);
    }

    void runAll() {
      var now = new ArrayList<>(queued);
      queued.clear();
      now.forEach(Runnable::run);
    }
  }

  /** Shells that open as scripted and record what the view model sends them. */
  private static final class ScriptedShells implements TerminalSessions {
    final List<Session> opened = new ArrayList<>();
    RuntimeException refusal;

    @Override
    public ShellSession open(int columns, int rows, ShellSink sink) {
      if (refusal != null) throw refusal;
      var session = new Session(columns, rows, sink);
      opened.add(session);
      return session;
    }

    Session last() {
      return opened.getLast();
    }
  }

  private static final class Session implements ShellSession {
    final List<int[]> sizes = new ArrayList<>();
    final ByteArrayOutputStream typed = new ByteArrayOutputStream();
    final ShellSink sink;
    boolean closed;

    Session(int columns, int rows, ShellSink sink) {
      this.sink = sink;
      sizes.add(new int[] {columns, rows});
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

    String typedText() {
      return typed.toString(StandardCharsets.UTF_8);
    }
  }

  private final ManualUi ui = new ManualUi();
  private final ManualWorkers workers = new ManualWorkers();
  private final ScriptedShells shells = new ScriptedShells();
  private final List<String> screenWrites = new ArrayList<>();
  private final TerminalViewModel model =
      new TerminalViewModel(shells, new Background(workers, ui));

  {
    model.subscribe(bytes -> screenWrites.add(new String(bytes, StandardCharsets.UTF_8)));
  }

  private void openedAt(int columns, int rows) {
    model.open(columns, rows);
    workers.runAll();
    ui.turn();
  }

  @Test
  void theShellOpensAtTheEmulatorsSizeAndSaysItIsConnectingMeanwhile() {
    model.open(120, 40);
    assertThat(model.stateProperty().get()).isEqualTo(CONNECTING);
    assertThat(model.messageProperty().get()).contains("Opening");

    workers.runAll();
    ui.turn();

    assertThat(model.stateProperty().get()).isEqualTo(OPEN);
    assertThat(model.messageProperty().get()).isEmpty();
    assertThat(shells.last().sizes.getFirst()).containsExactly(120, 40);
  }

  @Test
  void outputArrivingBetweenTurnsReachesTheScreenAsOneWrite() {
    openedAt(80, 24);
    var sink = shells.last().sink;
    sink.output("hello ".getBytes(StandardCharsets.UTF_8));
    sink.output("wor".getBytes(StandardCharsets.UTF_8));
    sink.output("ld".getBytes(StandardCharsets.UTF_8));
    assertThat(screenWrites).as("nothing before the UI turn").isEmpty();

    ui.turn();

    assertThat(screenWrites).containsExactly("hello world");
  }

  @Test
  void keystrokesAndSizeChangesGoToTheShell() {
    openedAt(80, 24);
    model.type("ls -l\r");
    model.type("é");
    model.resize(100, 30);
    model.resize(100, 30);

    assertThat(shells.last().typedText()).isEqualTo("ls -l\ré");
    assertThat(shells.last().sizes).hasSize(2);
    assertThat(shells.last().sizes.getLast()).containsExactly(100, 30);
  }

  @Test
  void aResizeWhileConnectingIsSentOnceTheShellIsOpen() {
    model.open(80, 24);
    model.resize(90, 33);
    workers.runAll();
    ui.turn();

    assertThat(shells.last().sizes.getLast()).containsExactly(90, 33);
  }

  @Test
  void anExitIsReportedWithItsCodeAndANewShellCanBeOpened() {
    openedAt(80, 24);
    var first = shells.last();
    first.sink.ended(ShellEnd.exited(7));
    ui.turn();

    assertThat(model.stateProperty().get()).isEqualTo(ENDED);
    assertThat(model.messageProperty().get()).isEqualTo("The shell exited with code 7.");
    model.type("ignored");
    assertThat(first.typedText()).isEmpty();

    model.reopen();
    workers.runAll();
    ui.turn();

    assertThat(shells.opened).hasSize(2);
    assertThat(model.stateProperty().get()).isEqualTo(OPEN);
  }

  @Test
  void aShellThatCannotOpenShowsTheEnginesReason() {
    shells.refusal =
        EngineException.of(
            "Opening a shell in web",
            new IllegalStateException("the container is not running; start it to open a shell"),
            null);
    openedAt(80, 24);

    assertThat(model.stateProperty().get()).isEqualTo(ENDED);
    assertThat(model.messageProperty().get()).contains("not running").contains("start it");
  }

  @Test
  void anEngineThatGoesAwayMidSessionIsReportedAsSuch() {
    openedAt(80, 24);
    shells
        .last()
        .sink
        .ended(ShellEnd.failed("The shell in web failed: the engine at unix:///x is unreachable"));
    ui.turn();

    assertThat(model.stateProperty().get()).isEqualTo(ENDED);
    assertThat(model.messageProperty().get()).contains("unreachable");
  }

  @Test
  void closingTheTabHangsUpEvenWhenTheShellIsStillOpening() {
    model.open(80, 24);
    model.close();
    workers.runAll();
    ui.turn();

    assertThat(shells.last().closed)
        .as("a shell that opened after the tab closed is hung up")
        .isTrue();

    var other = new TerminalViewModel(shells, new Background(workers, ui));
    other.open(80, 24);
    workers.runAll();
    ui.turn();
    other.close();
    assertThat(shells.last().closed).isTrue();
  }

  @Test
  void restartingHangsUpAndOpensAFreshShellOnAClearedScreen() {
    openedAt(100, 30);
    var first = shells.last();

    model.restart();
    assertThat(first.closed).as("the old shell is hung up").isTrue();
    assertThat(screenWrites).as("the emulator is reset (ESC c)").containsExactly("\u001bc");
    assertThat(model.stateProperty().get()).isEqualTo(CONNECTING);
    workers.runAll();
    ui.turn();

    assertThat(shells.opened).hasSize(2);
    assertThat(shells.last().sizes.getFirst())
        .as("at the emulator's size")
        .containsExactly(100, 30);
    assertThat(model.stateProperty().get()).isEqualTo(OPEN);
    first.sink.output("late".getBytes(StandardCharsets.UTF_8));
    first.sink.ended(ShellEnd.failed("The shell was closed."));
    ui.turn();
    assertThat(screenWrites)
        .as("the old shell's last words do not reach the new screen")
        .containsExactly("\u001bc");
    assertThat(model.stateProperty().get()).isEqualTo(OPEN);
  }

  @Test
  void restartingWhileAShellIsStillOpeningHangsThatOneUpWhenItArrives() {
    model.open(80, 24);
    model.restart();
    workers.runAll();
    ui.turn();

    assertThat(shells.opened).hasSize(2);
    assertThat(shells.opened.getFirst().closed).isTrue();
    assertThat(shells.last().closed).isFalse();
    assertThat(model.stateProperty().get()).isEqualTo(OPEN);
  }

  @Test
  void restartingBeforeTheEmulatorAskedForAShellOpensNothing() {
    model.restart();
    workers.runAll();

    assertThat(shells.opened).isEmpty();
    assertThat(model.stateProperty().get()).isEqualTo(TerminalViewModel.State.IDLE);
  }

  @Test
  void closingHangsUpForGoodAndSaysSoSoTheViewCanEmptyItsPage() {
    openedAt(80, 24);
    var shell = shells.last();

    model.close();

    assertThat(shell.closed).isTrue();
    assertThat(model.stateProperty().get())
        .as("the view unloads its page on this state")
        .isEqualTo(TerminalViewModel.State.CLOSED);
    shell.sink.output("late".getBytes(StandardCharsets.UTF_8));
    ui.turn();
    assertThat(screenWrites).as("nothing reaches the emulator after the close").isEmpty();
    model.open(80, 24);
    workers.runAll();
    assertThat(shells.opened).as("a closed terminal opens no shell").hasSize(1);
  }
}
