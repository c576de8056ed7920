package dev.drover.vm.driver;

import java.time.Duration;
import java.time.Instant;

/**
 * Waits for the guest's engine to answer: asks again every {@code interval} while the run is
 * active, up to a deadline, and keeps the last failure for the message that explains a timeout.
 */
public final class BootWait {

  /** One question to the engine. */
  @FunctionalInterface
  public interface Probe {
    Attempt attempt() throws InterruptedException;
  }

  /** What one question got. */
  public sealed interface Attempt {
    /** The engine answered. */
    record Answered() implements Attempt {}

    /** No answer, for {@code reason}; asking again may help. */
    record Failed(String reason) implements Attempt {}

    /** A fault on this side (certificates unreadable…): waiting longer cannot help. */
    record CannotWork(String reason) implements Attempt {}

    /** Nothing to ask yet (no address…): the last failure stays the reason. */
    record NotYet() implements Attempt {}

    static Attempt answered() {
      return new Answered();
    }

    static Attempt failed(String reason) {
      return new Failed(reason);
    }

    static Attempt cannotWork(String reason) {
      return new CannotWork(reason);
    }

    static Attempt notYet() {
      return new NotYet();
    }
  }

  /** How the wait ended. */
  public sealed interface Outcome {
    /** The engine answered. */
    record Answered() implements Outcome {}

    /** The run ended or was asked to stop while waiting. */
    record Ended() implements Outcome {}

    /** The deadline passed, or waiting cannot help; the last failure says why. */
    record GaveUp(String lastFailure, boolean faultOnThisSide) implements Outcome {}
  }

  private final Duration timeout;
  private final Duration interval;

  public BootWait(Duration timeout, Duration interval) {
    this.timeout = timeout;
    this.interval = interval;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Asks {@code probe} until it answers, the run stops being active, or the deadline passes.
   *
   * @param firstFailure the reason given when the deadline passes before any failure was seen
   */
  public Outcome await(VmRun<?> run, String firstFailure, Probe probe) throws InterruptedException {
    var deadline = Instant.now().plus(timeout);
    var lastFailure = firstFailure;
    while (run.active()) {
      switch (probe.attempt()) {
        case Attempt.Answered answered -> {
          return new Outcome.Answered();
        }
        case Attempt.CannotWork cannot -> {
          return new Outcome.GaveUp(cannot.reason(), true);
        }
        case Attempt.Failed failed -> lastFailure = failed.reason();
        case Attempt.NotYet notYet -> {}
      }
      if (Instant.now().isAfter(deadline)) return new Outcome.GaveUp(lastFailure, false);
      Thread.sleep(interval);
    }
    return new Outcome.Ended();
  }

  /**
   * The message of a timeout: "The engine {@code where} did not answer within …".
   *
   * @param where "in the VM", "in WSL"
   */
  public String timeoutMessage(String where, String lastFailure) {
    return "The engine "
        + where
        + " did not answer within "
        + timeout.toSeconds()
        + " s ("
        + lastFailure
        + "). The console's last lines are below; try a restart, or a factory reset.";
  }
}
