package dev.drover.vm;

import java.time.Duration;
import java.util.List;

/**
 * One way of running the guest Linux VM that hosts the engine (QEMU, WSL2, Hyperkit), in the shape
 * of Lima's drivers.
 *
 * <p>Call order: {@link #configure} → {@link #create} → {@link #start} → {@link #stop} → {@link
 * #delete}. Every call is idempotent and safe from any thread; a call that makes no sense in the
 * current state does nothing rather than fail (start while Running, stop while Stopped, create when
 * the VM exists). Calls block for I/O (never for a whole boot), so callers run them off the UI
 * thread.
 *
 * <ul>
 *   <li>{@code configure} records the settings; allowed in any state, used by the next
 *       create/start.
 *   <li>{@code create} makes what persists across starts (data disk, certificates); no-op when
 *       present.
 *   <li>{@code start} launches the VM and returns once the boot has begun (status Starting);
 *       Running follows as an event when the engine answers. It creates first when needed, and
 *       recovers from Error.
 *   <li>{@code stop} asks the guest to power down, waits up to {@code grace}, then ends the VM
 *       process; returns once the status is Stopped.
 *   <li>{@code delete} stops if needed, then removes the VM, its disk and certificates; configure
 *       stays.
 * </ul>
 *
 * Status arrives through {@link #subscribe}; see {@link VmStatus} for the invariants.
 */
public interface VmDriver extends AutoCloseable {

  /** What this driver can do on this host. Cheap, never starts anything (probes are cached). */
  VmCapabilities capabilities();

  /** Records the settings used by the next create and start. */
  void configure(VmConfig config);

  /** Creates the persistent parts of the VM when missing. */
  void create() throws VmException;

  /** Begins the boot and returns; see the class comment. */
  void start() throws VmException;

  /** Powers the guest down gracefully, forcefully after {@code grace}; returns once Stopped. */
  void stop(Duration grace) throws VmException;

  /** Stops if needed and removes the VM with its data. */
  void delete() throws VmException;

  /** The status now. */
  VmStatus status();

  /**
   * Subscribes a listener, which first receives the current status; closing the result
   * unsubscribes.
   */
  AutoCloseable subscribe(VmListener listener);

  /**
   * Releases the driver's threads; a running VM keeps running unless the driver owns its process.
   */
  @Override
  void close();

  /**
   * The containers' published ports that could not be forwarded to this computer now, each with its
   * container and why (the host already uses it…); empty when every one is, or when the driver
   * forwards nothing itself.
   */
  default List<String> portsNotForwarded() {
    return List.of();
  }
}
