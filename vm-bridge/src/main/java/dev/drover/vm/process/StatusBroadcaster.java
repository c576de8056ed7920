package dev.drover.vm.process;

import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A driver's status and its listeners: statuses leave on one thread, in the order they were set,
 * never on the caller's thread; a new listener first gets the current status.
 */
public final class StatusBroadcaster implements AutoCloseable {

  private final List<VmListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService delivery =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("vm-events").factory());
  private volatile VmStatus status = new VmStatus.Stopped();

  public VmStatus status() {
    return status;
  }

  /**
   * Sets and sends the status; callers serialise their calls (hold their lock) so the order is
   * theirs.
   */
  public void publish(VmStatus next) {
    status = next;
    delivery.execute(() -> listeners.forEach(l -> l.status(next)));
  }

  public void notice(VmNotice notice) {
    delivery.execute(() -> listeners.forEach(l -> l.notice(notice)));
  }

  public AutoCloseable subscribe(VmListener listener) {
    // queued behind earlier statuses, so the listener never sees an older one after this one
    delivery.execute(
        () -> {
          listeners.add(listener);
          listener.status(status);
        });
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    delivery.shutdown();
  }
}
