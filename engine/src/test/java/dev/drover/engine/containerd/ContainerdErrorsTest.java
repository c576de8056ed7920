package dev.drover.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.EngineEndpoint;
import io.grpc.Status;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ContainerdErrorsTest {

  private final EngineEndpoint socket =
      EngineEndpoint.of("vm", URI.create("unix:///run/drover/containerd.sock"));
  private final EngineEndpoint tls =
      new EngineEndpoint(
          "vm",
          URI.create("tcp://127.0.0.1:2377"),
          Optional.of(Path.of("/home/u/.drover/tls/client")),
          true,
          EngineEndpoint.Source.VM);

  @Test
  void unavailableContainerdAsksWhetherTheVmRuns() {
    var failure = Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
    assertThat(
            ContainerdErrors.failure(
                "listing the containers of namespace default", failure, socket))
        .hasMessage(
            "listing the containers of namespace default failed: containerd at unix:///run/drover/containerd.sock"
                + " does not answer: io exception. Is the VM running?");
  }

  @Test
  void notFoundKeepsContainerdsWords() {
    var failure =
        Status.NOT_FOUND
            .withDescription("container \"web\" in namespace \"default\": not found")
            .asRuntimeException();
    assertThat(
            ContainerdErrors.failure("stopping container web (namespace default)", failure, socket)
                .getMessage())
        .startsWith("stopping container web (namespace default) failed: not found")
        .contains("container \"web\" in namespace \"default\": not found")
        .contains("refresh the list");
  }

  @Test
  void failedPreconditionIsContainerdsOwnSentence() {
    var failure =
        Status.FAILED_PRECONDITION
            .withDescription("task must be stopped before deletion: running")
            .asRuntimeException();
    assertThat(
            ContainerdErrors.failure("removing container web (namespace default)", failure, socket))
        .hasMessage(
            "removing container web (namespace default) failed: containerd said: task must be stopped before deletion: running.");
  }

  @Test
  void tlsHandshakeFailureNamesTheCertificateFolder() {
    var failure =
        Status.UNAVAILABLE
            .withDescription("ssl exception")
            .withCause(new SSLHandshakeException("Received fatal alert: certificate_required"))
            .asRuntimeException();
    assertThat(
            ContainerdErrors.failure("asking containerd for its version", failure, tls)
                .getMessage())
        .contains(
            "TLS handshake with containerd at tcp://127.0.0.1:2377 failed (Received fatal alert: certificate_required)")
        .contains("/home/u/.drover/tls/client")
        .contains("client certificate");
  }

  @Test
  void deadlineSaysContainerdIsSlowRatherThanGone() {
    var failure =
        Status.DEADLINE_EXCEEDED
            .withDescription("deadline exceeded after 9.9s")
            .asRuntimeException();
    assertThat(
            ContainerdErrors.failure("listing containerd's namespaces", failure, socket)
                .getMessage())
        .contains("did not answer in time")
        .contains("try again");
  }

  @Test
  void otherCodesAreNamedInWords() {
    var failure =
        Status.RESOURCE_EXHAUSTED
            .withDescription("grpc: received message larger than max")
            .asRuntimeException();
    assertThat(
            ContainerdErrors.failure("listing the images of namespace k8s.io", failure, socket)
                .getMessage())
        .endsWith(
            "failed: containerd said: resource exhausted: grpc: received message larger than max.");
  }
}
