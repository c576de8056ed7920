package dev.drover.vm;

/**
 * Receives a driver's events. Called from the driver's own threads, one event at a time and in
 * order; a listener must not block (hand work to another thread, and batch before touching the UI).
 */
public interface VmListener {

  /** The status changed; the first call, made on subscribing, carries the current status. */
  void status(VmStatus status);

  /** Something happened that does not change the status. */
  default void notice(VmNotice notice) {}
}
