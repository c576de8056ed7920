package dev.drover.app.ui.vm;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;

/**
 * Start, stop and restart the VM, for the status bar's VM menu and the Settings page: the state as
 * the driver's status events say (batched to the UI thread, only the newest of a burst shown),
 * progress while it starts, and the reason (with the console's last lines) when it fails.
 */
public final class VmControlViewModel implements AutoCloseable {

  /** The driver's state, as the buttons need it. */
  public enum State {
    STOPPED,
    STARTING,
    RUNNING,
    DEGRADED,
    STOPPING,
    ERROR
  }

  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.STOPPED);

  /**
   * The text before the VM's first status arrives: a stopped VM's (as {@code text} makes it). A
   * constant, so the status bar's placeholder item shows it without loading the VM's classes.
   */
  static final String STOPPED_TEXT = "VM: Stopped";

  private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(STOPPED_TEXT);
  private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper("");
  private final ReadOnlyListWrapper<String> consoleTail =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ReadOnlyListWrapper<String> portsNotForwarded =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ReadOnlyStringWrapper portNotice = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper proxyNotice = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper owner = new ReadOnlyStringWrapper("");
  private final BooleanBinding canStart;
  private final BooleanBinding canStop;
  private final BooleanBinding starting;
  private final VmActions vm;
  private final Background background;
  private final AutoCloseable subscription;

  public VmControlViewModel(VmActions vm, Background background) {
    this.vm = vm;
    this.background = background;
    canStart =
        Bindings.createBooleanBinding(
            () -> !busy.get() && (state.get() == State.STOPPED || state.get() == State.ERROR),
            busy,
            state);
    canStop =
        Bindings.createBooleanBinding(
            () ->
                !busy.get()
                    && (state.get() == State.RUNNING
                        || state.get() == State.DEGRADED
                        || state.get() == State.STARTING),
            busy,
            state);
    starting =
        Bindings.createBooleanBinding(
            () -> state.get() == State.STARTING || state.get() == State.STOPPING, state);
    portsNotForwarded.addListener(
        (ListChangeListener<String>) change -> portNotice.set(portNoticeText(portsNotForwarded)));
    Consumer<VmStatus> statuses =
        background.ui().<VmStatus>batching(batch -> show(batch.getLast()));
    Consumer<VmNotice> portNotices =
        background.ui().<VmNotice>batching(batch -> refreshPortsNotForwarded());
    Consumer<VmNotice> proxyNotices =
        background.ui().<VmNotice>batching(batch -> showProxyProblems(batch));
    subscription =
        vm.subscribe(
            new VmListener() {
              @Override
              public void status(VmStatus status) {
                statuses.accept(status);
              }

              @Override
              public void notice(VmNotice notice) {
                switch (notice.kind()) {
                  case PORT_FORWARDED, PORT_UNFORWARDED, PORT_CONFLICT ->
                      portNotices.accept(notice);
                  case PROXY_UNREACHABLE -> proxyNotices.accept(notice);
                  default -> {}
                }
              }
            });
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** "VM: Starting: booting Linux (tcg)", for the status bar. */
  public ReadOnlyStringProperty statusTextProperty() {
    return statusText.getReadOnlyProperty();
  }

  /** Why the VM or the last command failed, with what to do; empty when nothing failed. */
  public ReadOnlyStringProperty failureProperty() {
    return failure.getReadOnlyProperty();
  }

  public ReadOnlyListProperty<String> consoleTailProperty() {
    return consoleTail.getReadOnlyProperty();
  }

  /**
   * The containers' published ports the VM could not forward to this computer (another program uses
   * them…), each with its container and why; empty while every one is, or the VM does not run.
   */
  public ReadOnlyListProperty<String> portsNotForwardedProperty() {
    return portsNotForwarded.getReadOnlyProperty();
  }

  /**
   * What the status bar tells the user while published ports are not forwarded: how many, which and
   * what to do; empty while every one is.
   */
  public ReadOnlyStringProperty portNoticeProperty() {
    return portNotice.getReadOnlyProperty();
  }

  /**
   * Why the VM cannot reach the proxy the user set (it listens on this computer's loopback only),
   * with what to do; empty when nothing was found, and again once the VM stops.
   */
  public ReadOnlyStringProperty proxyNoticeProperty() {
    return proxyNotice.getReadOnlyProperty();
  }

  private void showProxyProblems(List<VmNotice> batch) {
    var problems = new LinkedHashSet<String>();
    if (!proxyNotice.get().isEmpty()) problems.addAll(List.of(proxyNotice.get().split("\n")));
    batch.forEach(notice -> problems.add(notice.message()));
    proxyNotice.set(String.join("\n", problems));
  }

  private static String portNoticeText(List<String> ports) {
    if (ports.isEmpty()) return "";
    return (ports.size() == 1
            ? "1 published port is not forwarded to this computer: "
            : ports.size() + " published ports are not forwarded to this computer: ")
        + String.join("; ", ports)
        + ". Containers reach it only inside the VM: free the port on this computer, or publish"
        + " the container on another one.";
  }

  private void refreshPortsNotForwarded() {
    background.run(
        vm::portsNotForwarded,
        ports -> {
          if (state.get() == State.RUNNING || state.get() == State.DEGRADED)
            portsNotForwarded.setAll(ports);
        },
        error -> {});
  }

  /** A command is on its way. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Says so when the drover command, not this app, runs the VM. */
  public ReadOnlyStringProperty ownerProperty() {
    return owner.getReadOnlyProperty();
  }

  public BooleanBinding canStartProperty() {
    return canStart;
  }

  public BooleanBinding canStopProperty() {
    return canStop;
  }

  /** Whether to show progress: the VM is starting or stopping. */
  public BooleanBinding inProgressProperty() {
    return starting;
  }

  public void start() {
    command(vm::start);
  }

  public void stop() {
    command(() -> vm.stop(STOP_GRACE));
  }

  public void restart() {
    command(() -> vm.restart(STOP_GRACE));
  }

  /** Stops and deletes the VM with its disk; the view asks first. */
  public void factoryReset() {
    command(vm::delete);
  }

  private void command(Background.ThrowingRunnable work) {
    busy.set(true);
    failure.set("");
    background.run(
        () -> {
          work.run();
          return vm.remoteOwner();
        },
        remote -> {
          busy.set(false);
          owner.set(
              remote.isPresent()
                  ? "Run by the drover command (pid " + remote.getAsLong() + ")"
                  : "");
        },
        error -> {
          busy.set(false);
          failure.set(error.getMessage() == null ? error.toString() : error.getMessage());
        });
  }

  private void show(VmStatus status) {
    state.set(
        switch (status) {
          case VmStatus.Stopped s -> State.STOPPED;
          case VmStatus.Starting s -> State.STARTING;
          case VmStatus.Running r -> State.RUNNING;
          case VmStatus.Degraded d -> State.DEGRADED;
          case VmStatus.Stopping s -> State.STOPPING;
          case VmStatus.Error e -> State.ERROR;
        });
    statusText.set(text(status));
    if (!(status instanceof VmStatus.Running || status instanceof VmStatus.Degraded))
      portsNotForwarded.clear();
    // the check runs as the VM starts, so its notice arrives while Starting
    if (!status.processRuns() || status instanceof VmStatus.Stopping) proxyNotice.set("");
    if (status instanceof VmStatus.Error error) {
      failure.set(error.reason());
      consoleTail.setAll(error.consoleTail());
    } else if (status instanceof VmStatus.Starting) {
      failure.set("");
      consoleTail.clear();
    }
  }

  private static String text(VmStatus status) {
    return "VM: " + status.describe();
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception ignored) {
      // unsubscribing does not fail
    }
  }

  /** For tests: the lines of a failure, as shown. */
  List<String> consoleTailNow() {
    return List.copyOf(consoleTail);
  }
}
