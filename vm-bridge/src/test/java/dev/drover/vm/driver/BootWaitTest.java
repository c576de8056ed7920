package dev.drover.vm.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.vm.process.ScriptedRunner.FakeProcess;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BootWaitTest {

  private final FakeProcess process = new FakeProcess();
  private final VmRun<Void> run = new VmRun<>(process, null, "booting");

  @Test
  void answerEndsTheWait() throws InterruptedException {
    var attempts =
        new ArrayDeque<>(List.of(BootWait.Attempt.failed("refused"), BootWait.Attempt.answered()));

    var outcome =
        new BootWait(Duration.ofMinutes(1), Duration.ofMillis(1))
            .await(run, "none", attempts::poll);

    assertThat(outcome).isEqualTo(new BootWait.Outcome.Answered());
  }

  @Test
  void deadlineGivesUpWithTheLastFailureNotAWaitingAttempt() throws InterruptedException {
    var attempts = new AtomicInteger();

    var outcome =
        new BootWait(Duration.ZERO, Duration.ofMillis(1))
            .await(
                run,
                "no address yet",
                () ->
                    attempts.incrementAndGet() == 1
                        ? BootWait.Attempt.failed("refused")
                        : BootWait.Attempt.notYet());

    assertThat(outcome).isEqualTo(new BootWait.Outcome.GaveUp("refused", false));
  }

  @Test
  void deadlineBeforeAnyFailureGivesTheFirstReason() throws InterruptedException {
    var outcome =
        new BootWait(Duration.ZERO, Duration.ofMillis(1))
            .await(run, "no address yet", BootWait.Attempt::notYet);

    assertThat(outcome).isEqualTo(new BootWait.Outcome.GaveUp("no address yet", false));
  }

  @Test
  void faultOnThisSideGivesUpAtOnce() throws InterruptedException {
    var outcome =
        new BootWait(Duration.ofMinutes(1), Duration.ofMillis(1))
            .await(run, "none", () -> BootWait.Attempt.cannotWork("certificate unreadable"));

    assertThat(outcome).isEqualTo(new BootWait.Outcome.GaveUp("certificate unreadable", true));
  }

  @Test
  void endedProcessEndsTheWait() throws InterruptedException {
    process.exit(1);

    var outcome =
        new BootWait(Duration.ofMinutes(1), Duration.ofMillis(1))
            .await(run, "none", () -> BootWait.Attempt.failed("refused"));

    assertThat(outcome).isEqualTo(new BootWait.Outcome.Ended());
  }

  @Test
  void timeoutMessageNamesWhereAndWhy() {
    assertThat(
            new BootWait(Duration.ofSeconds(90), Duration.ofMillis(1))
                .timeoutMessage("in WSL", "refused"))
        .isEqualTo(
            "The engine in WSL did not answer within 90 s (refused). The console's last lines are"
                + " below; try a restart, or a factory reset.");
  }
}
