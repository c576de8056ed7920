package dev.drover.app.ui.terminal;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.engine.exec.ShellEnd;
import dev.drover.engine.exec.ShellSession;
import dev.drover.engine.exec.ShellSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A shell for a terminal tab (a container's, a pod container's): opens it at the emulator's size,
 * passes keystrokes and size changes through, and hands the emulator what the shell prints —
 * batched, one write per UI turn however much arrived, so a command flooding the terminal does not
 * flood the UI thread.
 *
 * <p>All methods run on the UI thread. The shell opens on a background thread.
 */
public final class TerminalViewModel implements AutoCloseable {

  /** CLOSED: the tab went away ({@link #close()}); nothing opens again. */
  public enum State {
    IDLE,
    CONNECTING,
    OPEN,
    ENDED,
    CLOSED
  }

  /** Resets the emulator (ESC c): a shell in another place starts on a clean screen. */
  private static final byte[] RESET = {0x1b, 'c'};

  private final TerminalSessions sessions;
  private final Background background;
  private final ReadOnlyObjectWrapper<State> state =
      new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

  private Consumer<byte[]> screen = bytes -> {};
  private ShellSession session;
  private Object current;
  private int columns = 80;
  private int rows = 24;
  private boolean closed;

  public TerminalViewModel(TerminalSessions sessions, Background background) {
    this.sessions = sessions;
    this.background = background;
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** What the user should know about the shell: connecting, how it ended, why it could not open. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /**
   * Sends the shell's output to {@code screen} (the emulator) on the UI thread, in whole batches,
   * until the result is closed. One screen at a time: the latest replaces the one before.
   */
  public AutoCloseable subscribe(Consumer<byte[]> screen) {
    this.screen = screen;
    return () -> {
      if (this.screen == screen) this.screen = bytes -> {};
    };
  }

  /** Opens a shell sized for the emulator; does nothing while one is opening or open. */
  public void open(int columns, int rows) {
    if (closed || state.get() == State.CONNECTING || state.get() == State.OPEN) return;
    remember(columns, rows);
    var attempt = new Object();
    current = attempt;
    state.set(State.CONNECTING);
    message.set("Opening a shell…");
    var ui = background.ui();
    var output =
        ui.<byte[]>batching(
            chunks -> {
              if (current == attempt) screen.accept(joined(chunks));
            });
    var sink =
        new ShellSink() {
          @Override
          public void output(byte[] bytes) {
            output.accept(bytes);
          }

          @Override
          public void ended(ShellEnd end) {
            ui.post(
                () -> {
                  if (current == attempt) shellEnded(end);
                });
          }
        };
    int openColumns = this.columns;
    int openRows = this.rows;
    background.run(
        () -> sessions.open(openColumns, openRows, sink),
        opened -> {
          // Closed, replaced, or ended before the engine's answer came back: nothing will use this
          // session.
          if (current != attempt || closed || state.get() != State.CONNECTING) {
            opened.close();
            return;
          }
          session = opened;
          state.set(State.OPEN);
          message.set("");
          if (this.columns != openColumns || this.rows != openRows)
            opened.resize(this.columns, this.rows);
        },
        failure -> {
          if (current != attempt) return;
          state.set(State.ENDED);
          message.set(failure.getMessage());
        });
  }

  /** Sends what the user typed or pasted, as the emulator encoded it. */
  public void type(String data) {
    if (session != null && state.get() == State.OPEN)
      session.send(data.getBytes(StandardCharsets.UTF_8));
  }

  /** The emulator now shows {@code columns} by {@code rows} cells. */
  public void resize(int columns, int rows) {
    if (columns <= 0 || rows <= 0 || (columns == this.columns && rows == this.rows)) return;
    remember(columns, rows);
    if (session != null && state.get() == State.OPEN) session.resize(columns, rows);
  }

  /** Opens a new shell after the last one ended. */
  public void reopen() {
    if (state.get() == State.ENDED) open(columns, rows);
  }

  /**
   * Hangs up the shell, if any, and opens a new one on a cleared screen: the place the shells come
   * from has changed (another container). Does nothing before the emulator has asked for the first
   * shell.
   */
  public void restart() {
    if (closed || state.get() == State.IDLE) return;
    current = null;
    if (session != null) session.close();
    session = null;
    state.set(State.ENDED);
    screen.accept(RESET.clone());
    open(columns, rows);
  }

  private void remember(int columns, int rows) {
    if (columns > 0) this.columns = columns;
    if (rows > 0) this.rows = rows;
  }

  private void shellEnded(ShellEnd end) {
    if (session != null) session.close();
    session = null;
    state.set(State.ENDED);
    if (end.isFailure()) message.set(end.failure());
    else if (end.exitCode() == null) message.set("The shell ended.");
    else message.set("The shell exited with code " + end.exitCode() + ".");
  }

  private static byte[] joined(List<byte[]> chunks) {
    if (chunks.size() == 1) return chunks.getFirst();
    var all = new ByteArrayOutputStream();
    chunks.forEach(all::writeBytes);
    return all.toByteArray();
  }

  /** Hangs up; the tab is going away. */
  @Override
  public void close() {
    closed = true;
    current = null;
    if (session != null) session.close();
    session = null;
    // The emulator's page lets go of this model when it hears of the close (see TerminalView).
    screen = bytes -> {};
    state.set(State.CLOSED);
  }
}
