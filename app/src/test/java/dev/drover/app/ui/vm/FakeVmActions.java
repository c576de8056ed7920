package dev.drover.app.ui.vm;

import dev.drover.vm.VmException;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/** The VM for view model tests: records the commands, and statuses are sent by the test. */
final class FakeVmActions implements VmActions {

  final List<String> commands = new ArrayList<>();
  private final List<VmListener> listeners = new CopyOnWriteArrayList<>();
  String failure;
  OptionalLong remote = OptionalLong.empty();

  List<String> portsNotForwarded = List.of();

  void send(VmStatus status) {
    listeners.forEach(l -> l.status(status));
  }

  void send(VmNotice notice) {
    listeners.forEach(l -> l.notice(notice));
  }

  @Override
  public List<String> portsNotForwarded() {
    return portsNotForwarded;
  }

  private void command(String name) throws VmException {
    commands.add(name);
    if (failure != null) throw new VmException(failure);
  }

  @Override
  public void start() throws VmException {
    command("start");
  }

  @Override
  public void stop(Duration grace) throws VmException {
    command("stop " + grace.toSeconds());
  }

  @Override
  public void restart(Duration grace) throws VmException {
    command("restart");
  }

  @Override
  public void delete() throws VmException {
    command("delete");
  }

  @Override
  public AutoCloseable subscribe(VmListener listener) {
    listeners.add(listener);
    listener.status(new VmStatus.Stopped());
    return () -> listeners.remove(listener);
  }

  @Override
  public OptionalLong remoteOwner() {
    return remote;
  }
}
