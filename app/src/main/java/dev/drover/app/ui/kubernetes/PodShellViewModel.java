package dev.drover.app.ui.kubernetes;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.terminal.TerminalViewModel;
import dev.drover.engine.exec.ShellEnd;
import dev.drover.engine.exec.ShellSession;
import dev.drover.engine.exec.ShellSink;
import dev.drover.kube.cluster.ClusterException;
import dev.drover.kube.cluster.exec.PodShells;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Shell tab of a pod: a terminal on a shell in one of the pod's containers, which the user
 * picks. The first shell opens in the pod's first container (as {@code kubectl exec} does); picking
 * another container hangs up and opens a shell there on a clean screen.
 *
 * <p>UI-thread methods, except that the terminal opens shells on a background thread.
 */
public final class PodShellViewModel implements AutoCloseable {

  private final Background background;
  private final PodShellSessions shells;
  private final String namespace;
  private final String pod;
  private final ObservableList<String> containers = FXCollections.observableArrayList();
  private final ObjectProperty<String> container = new SimpleObjectProperty<>(this, "container");
  private final TerminalViewModel terminal;
  // Read on the thread that opens a shell, so not the property itself.
  private volatile String chosen;
  private volatile String shellContainer;

  public PodShellViewModel(
      Background background, PodShellSessions shells, String namespace, String pod) {
    this.background = background;
    this.shells = shells;
    this.namespace = namespace;
    this.pod = pod;
    this.terminal = new TerminalViewModel(this::openShell, background);
    container.addListener(
        (obs, was, now) -> {
          chosen = now;
          if (now != null && !now.equals(shellContainer)) terminal.restart();
        });
  }

  /** The containers a shell can open in; filled when the first shell opens. */
  public ObservableList<String> containers() {
    return containers;
  }

  /** The container the shell runs in; choosing another opens a shell there. */
  public ObjectProperty<String> containerProperty() {
    return container;
  }

  /** The terminal; its view opens the first shell once the emulator knows its size. */
  public TerminalViewModel terminal() {
    return terminal;
  }

  private ShellSession openShell(int columns, int rows, ShellSink sink) {
    var name = chosen;
    if (name == null) {
      var names = shells.containers(namespace, pod);
      if (names.isEmpty())
        throw new ClusterException("The pod " + pod + " has no containers to open a shell in.");
      var first = names.getFirst();
      name = first;
      shellContainer = first;
      background
          .ui()
          .post(
              () -> {
                containers.setAll(names);
                if (container.get() == null) container.set(first);
              });
    }
    shellContainer = name;
    var session =
        shells.open(
            namespace,
            pod,
            name,
            columns,
            rows,
            new PodShells.Sink() {
              @Override
              public void output(byte[] bytes) {
                sink.output(bytes);
              }

              @Override
              public void ended(Integer exitCode, String failure) {
                sink.ended(failure == null ? ShellEnd.exited(exitCode) : ShellEnd.failed(failure));
              }
            });
    return new ShellSession() {
      @Override
      public void send(byte[] input) {
        session.send(input);
      }

      @Override
      public void resize(int columns, int rows) {
        session.resize(columns, rows);
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }

  /** Hangs up; the pod's page is going away. */
  @Override
  public void close() {
    terminal.close();
  }
}
