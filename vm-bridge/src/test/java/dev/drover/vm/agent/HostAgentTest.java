package dev.drover.vm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmStatus;
import dev.drover.vm.driver.BootWait;
import dev.drover.vm.driver.VmRun;
import dev.drover.vm.process.ScriptedRunner.FakeProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostAgentTest {

  private final EngineEndpoint endpoint =
      new EngineEndpoint(
          "drover",
          URI.create("tcp://127.0.0.1:2376"),
          Optional.empty(),
          false,
          EngineEndpoint.Source.EXPLICIT);
  private final List<VmStatus> published = new ArrayList<>();
  private VmStatus now = new VmStatus.Running(endpoint);

  /** The driver's side: publishes when the status now matches, as DriverSkeleton.publishIf does. */
  private final HostAgent.Statuses statuses =
      (when, next) -> {
        if (!when.test(now)) return false;
        now = next;
        published.add(next);
        return true;
      };

  private HostAgent agent(EngineEndpoint endpoint, VmConfig.Engine engine, Duration bootTimeout) {
    return new HostAgent(
        endpoint,
        engine,
        new BootWait(bootTimeout, Duration.ofMillis(10)),
        statuses,
        Optional.empty(),
        notice -> {});
  }

  @Test
  void engineThatStopsAnsweringWhileRunningIsDegradedWithWhy() {
    var agent = agent(endpoint, VmConfig.Engine.MOBY, Duration.ZERO);

    agent.engineAnswers(false, "connection refused");

    assertThat(published)
        .containsExactly(
            new VmStatus.Degraded(
                "the VM runs but its engine stopped answering: connection refused"));
  }

  @Test
  void engineThatAnswersAgainIsRunningWithTheSameEndpoint() {
    var agent = agent(endpoint, VmConfig.Engine.CONTAINERD, Duration.ZERO);
    agent.engineAnswers(false, "stream broken");

    agent.engineAnswers(true, "");

    assertThat(published)
        .containsExactly(
            new VmStatus.Degraded("the VM runs but containerd stopped answering: stream broken"),
            new VmStatus.Running(endpoint, VmConfig.Engine.CONTAINERD));
  }

  @Test
  void healthChangesNothingWhileTheVmIsNeitherRunningNorDegraded() {
    now = new VmStatus.Stopping();
    var agent = agent(endpoint, VmConfig.Engine.MOBY, Duration.ZERO);

    agent.engineAnswers(false, "connection refused");
    agent.engineAnswers(true, "");

    assertThat(published).isEmpty();
  }

  @Test
  void engineThatNeverAnswersGivesUpWithTheLastFailureAndSaysNothing() throws Exception {
    int closedPort;
    try (var probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    var silent =
        new EngineEndpoint(
            "drover",
            URI.create("tcp://127.0.0.1:" + closedPort),
            Optional.empty(),
            false,
            EngineEndpoint.Source.EXPLICIT);
    now = new VmStatus.Starting("booting Linux (tcg)");
    var agent = agent(silent, VmConfig.Engine.MOBY, Duration.ZERO);

    var outcome = agent.serve(new VmRun<>(new FakeProcess(), null, "booting"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            BootWait.Outcome.GaveUp.class,
            gaveUp -> {
              assertThat(gaveUp.faultOnThisSide()).isFalse();
              assertThat(gaveUp.lastFailure()).isNotBlank().isNotEqualTo("no answer yet");
            });
    assertThat(published).isEmpty();
    assertThat(agent.portsNotForwarded()).isEmpty();
    agent.close();
  }

  @Test
  void endedRunEndsTheWaitWithoutAsking() throws Exception {
    var process = new FakeProcess();
    process.exit(0);
    now = new VmStatus.Starting("booting Linux (tcg)");
    var agent = agent(endpoint, VmConfig.Engine.MOBY, Duration.ofMinutes(1));

    var outcome = agent.serve(new VmRun<>(process, null, "booting"));

    assertThat(outcome).isEqualTo(new BootWait.Outcome.Ended());
    assertThat(published).isEmpty();
    agent.close();
  }
}
