package dev.drover.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import containerd.services.containers.v1.ContainersOuterClass;
import containerd.v1.types.Task;
import io.grpc.Status;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrpcContainerdEngineTest {

  private final ContainersOuterClass.Container nerdctlContainer =
      ContainersOuterClass.Container.newBuilder()
          .setId("3f2a9c")
          .setImage("docker.io/library/nginx:1.27")
          .setRuntime(
              ContainersOuterClass.Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
          .putLabels("nerdctl/name", "web")
          .setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(5))
          .build();

  @Test
  void runningTaskGivesStateAndPidAndNerdctlsName() {
    var task =
        Task.Process.newBuilder()
            .setId("3f2a9c")
            .setPid(4242)
            .setStatus(Task.Status.RUNNING)
            .build();
    var container = GrpcContainerdEngine.container("default", nerdctlContainer, Optional.of(task));
    assertThat(container.name()).isEqualTo("web");
    assertThat(container.state()).isEqualTo(ContainerdContainer.TaskState.RUNNING);
    assertThat(container.pid()).isEqualTo(4242);
    assertThat(container.exitStatus()).isEmpty();
    assertThat(container.created()).isEqualTo(Instant.ofEpochSecond(1_700_000_000, 5));
    assertThat(container.runtime()).isEqualTo("io.containerd.runc.v2");
  }

  @Test
  void stoppedTaskGivesItsExitStatusAndNoPid() {
    var task =
        Task.Process.newBuilder()
            .setId("3f2a9c")
            .setPid(4242)
            .setStatus(Task.Status.STOPPED)
            .setExitStatus(137)
            .build();
    var container = GrpcContainerdEngine.container("default", nerdctlContainer, Optional.of(task));
    assertThat(container.state()).isEqualTo(ContainerdContainer.TaskState.STOPPED);
    assertThat(container.pid()).isZero();
    assertThat(container.exitStatus()).contains(137);
  }

  @Test
  void containerWithoutTaskIsCreatedAndNamedByItsIdWithoutNerdctlsLabel() {
    var plain = nerdctlContainer.toBuilder().clearLabels().build();
    var container = GrpcContainerdEngine.container("default", plain, Optional.empty());
    assertThat(container.state()).isEqualTo(ContainerdContainer.TaskState.CREATED);
    assertThat(container.name()).isEqualTo("3f2a9c");
  }

  @Test
  void waitRunningOutOfTimeInsideContainerdCountsAsTimedOut() {
    assertThat(
            GrpcContainerdEngine.timedOut(
                Status.UNKNOWN
                    .withDescription("context deadline exceeded: unknown")
                    .asRuntimeException()))
        .isTrue();
    assertThat(GrpcContainerdEngine.timedOut(Status.DEADLINE_EXCEEDED.asRuntimeException()))
        .isTrue();
    assertThat(
            GrpcContainerdEngine.timedOut(
                Status.UNKNOWN.withDescription("shim died").asRuntimeException()))
        .isFalse();
  }

  @Test
  void stopSignalFollowsTheImagesLabel() {
    assertThat(GrpcContainerdEngine.stopSignal(null)).isEqualTo(15);
    assertThat(GrpcContainerdEngine.stopSignal("SIGTERM")).isEqualTo(15);
    assertThat(GrpcContainerdEngine.stopSignal("SIGQUIT")).isEqualTo(3);
    assertThat(GrpcContainerdEngine.stopSignal("int")).isEqualTo(2);
    assertThat(GrpcContainerdEngine.stopSignal("SIGRTMIN+3")).isEqualTo(37);
    assertThat(GrpcContainerdEngine.stopSignal("9")).isEqualTo(9);
    assertThat(GrpcContainerdEngine.stopSignal("SIGNONSENSE")).isEqualTo(15);
  }
}
