package dev.drover.vm.driver;

import dev.drover.vm.process.ProcessRunner;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a VM's process (QEMU, hyperkit, a WSL session), from launch to exit, with what its
 * driver keeps for it ({@code S}) and what ends with it.
 */
public final class VmRun<S> {

  private static final Logger LOG = LoggerFactory.getLogger(VmRun.class);

  private final ProcessRunner.Running process;
  private final S state;
  private final String starting;
  private final List<AutoCloseable> closeAtEnd = new CopyOnWriteArrayList<>();
  final AtomicBoolean stopRequested = new AtomicBoolean();
  final AtomicBoolean finished = new AtomicBoolean();

  /**
   * Opened once the end's status is published: stop returns only then, whichever thread saw the end
   * first.
   */
  final CountDownLatch endPublished = new CountDownLatch(1);

  /** Set when Drover itself ended the process because the boot failed; guarded by the lock. */
  String failure;

  List<String> failureConsole;

  /**
   * @param starting what the Starting status says while the boot waits for the engine
   */
  public VmRun(ProcessRunner.Running process, S state, String starting) {
    this.process = process;
    this.state = state;
    this.starting = starting;
  }

  public ProcessRunner.Running process() {
    return process;
  }

  public S state() {
    return state;
  }

  String starting() {
    return starting;
  }

  public boolean stopRequested() {
    return stopRequested.get();
  }

  /** Worth waiting on: the process lives and nobody asked it to stop. */
  public boolean active() {
    return process.isAlive() && !stopRequested.get();
  }

  /** Closed when the run ends, latest first. */
  public void closeAtEnd(AutoCloseable resource) {
    closeAtEnd.add(resource);
    if (finished.get() && closeAtEnd.remove(resource)) close(resource); // the run ended meanwhile
  }

  void closeResources() {
    var resources = List.copyOf(closeAtEnd);
    closeAtEnd.clear();
    for (int i = resources.size() - 1; i >= 0; i--) close(resources.get(i));
  }

  private static void close(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.debug("closing {} at the end of the run: {}", resource, e.getMessage());
    }
  }
}
