package dev.drover.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class EngineErrorsTest {

  private static final EngineEndpoint SOCKET =
      EngineEndpoint.of("default", URI.create("unix:///var/run/docker.sock"));
  private static final EngineEndpoint REMOTE =
      EngineEndpoint.of("remote", URI.create("tcp://build-box.example:2376"));

  /**
   * docker-java hands transport failures up wrapped, so most cases are tested through a wrapper.
   */
  private static RuntimeException wrapped(Throwable cause) {
    return new RuntimeException("java.io.IOException: request failed", cause);
  }

  @Test
  void refusedConnectionSaysSoAndNamesTheHost() {
    var message =
        EngineErrors.describe(wrapped(new ConnectException("Connection refused")), REMOTE);

    assertThat(message)
        .isEqualTo("connection refused at tcp://build-box.example:2376. Is the engine running?");
  }

  @Test
  void refusedConnectionIsRecognisedByItsMessageToo() {
    var message =
        EngineErrors.describe(wrapped(new SocketException("connect: Connection refused")), SOCKET);

    assertThat(message).startsWith("connection refused at unix:///var/run/docker.sock");
  }

  @Test
  void missingSocketFileSaysNoEngineIsListening() {
    var message =
        EngineErrors.describe(wrapped(new NoSuchFileException("/var/run/docker.sock")), SOCKET);

    assertThat(message)
        .contains("no engine is listening at unix:///var/run/docker.sock")
        .contains("the socket does not exist")
        .contains("Is Docker running?");
  }

  @Test
  void missingSocketIsRecognisedByNoSuchFileOrDirectoryInTheMessage() {
    var failure =
        new UncheckedIOException(
            new IOException("connect(/var/run/docker.sock): No such file or directory"));

    var message = EngineErrors.describe(failure, SOCKET);

    assertThat(message).startsWith("no engine is listening at unix:///var/run/docker.sock");
  }

  @Test
  void permissionDeniedSuggestsTheDockerGroup() {
    var message =
        EngineErrors.describe(wrapped(new AccessDeniedException("/var/run/docker.sock")), SOCKET);

    assertThat(message)
        .startsWith("permission denied on unix:///var/run/docker.sock")
        .contains("docker group");
  }

  @Test
  void permissionDeniedIsRecognisedByItsMessageToo() {
    var message = EngineErrors.describe(wrapped(new SocketException("Permission denied")), SOCKET);

    assertThat(message).startsWith("permission denied on unix:///var/run/docker.sock");
  }

  @Test
  void unknownHostSaysTheNameCouldNotBeResolved() {
    var message =
        EngineErrors.describe(wrapped(new UnknownHostException("build-box.example")), REMOTE);

    assertThat(message)
        .contains(REMOTE.host().getHost())
        .contains("could not be resolved")
        .contains("DNS");
  }

  @Test
  void tlsFailureNamesTheHostAndTheHandshakeProblem() {
    var handshake =
        new SSLHandshakeException(
            "PKIX path building failed: unable to find valid certification path");

    var message = EngineErrors.describe(wrapped(handshake), REMOTE);

    assertThat(message)
        .startsWith("the TLS handshake with tcp://build-box.example:2376 failed")
        .contains("PKIX path building failed")
        .contains("certificates");
  }

  @Test
  void timeoutSaysTheEngineDidNotAnswer() {
    var message =
        EngineErrors.describe(wrapped(new SocketTimeoutException("Read timed out")), REMOTE);

    assertThat(message)
        .isEqualTo("the engine at tcp://build-box.example:2376 did not answer in time.");
  }

  @Test
  void configurationExceptionPassesThroughWithItsOwnMessage() {
    var config =
        new EngineConfigurationException(
            "Docker context \"colima\" is selected by ~/.docker/config.json but has no such context; run `docker context ls`");

    assertThat(EngineErrors.describe(config, SOCKET)).isEqualTo(config.getMessage());
    assertThat(EngineErrors.describe(wrapped(config), null)).isEqualTo(config.getMessage());
  }

  @Test
  void engineAnswerIsReportedAsARefusedRequest() {
    var message =
        EngineErrors.describe(new DockerException("client version 1.52 is too new", 400), SOCKET);

    assertThat(message).isEqualTo("the engine said: Status 400: client version 1.52 is too new");
  }

  @Test
  void unknownFailureNamesTheRootCauseAndTheHost() {
    var failure =
        new RuntimeException(
            "request failed",
            new IllegalStateException("wrapper", new IOException("unexpected end of stream")));

    var message = EngineErrors.describe(failure, REMOTE);

    assertThat(message)
        .isEqualTo("cannot reach tcp://build-box.example:2376: unexpected end of stream");
  }

  @Test
  void unknownFailureWithoutMessageIsNamedByItsType() {
    var message = EngineErrors.describe(new RuntimeException(new IllegalStateException()), SOCKET);

    assertThat(message)
        .isEqualTo("cannot reach unix:///var/run/docker.sock: IllegalStateException");
  }

  @Test
  void withoutAnEndpointTheMessageSpeaksOfTheEngine() {
    assertThat(EngineErrors.describe(new ConnectException("Connection refused"), null))
        .startsWith("connection refused at the engine.");
    assertThat(EngineErrors.describe(new IOException("stream reset"), null))
        .isEqualTo("cannot reach the engine: stream reset");
  }

  @Test
  void everyTransportMessageNamesTheEndpointsHost() {
    var failures =
        new Throwable[] {
          new ConnectException("Connection refused"),
          new NoSuchFileException("/var/run/docker.sock"),
          new AccessDeniedException("/var/run/docker.sock"),
          new UnknownHostException("build-box.example"),
          new SSLHandshakeException("bad certificate"),
          new SocketTimeoutException("Read timed out"),
          new IOException("something else"),
        };
    for (var failure : failures) {
      assertThat(EngineErrors.describe(wrapped(failure), REMOTE))
          .as("message for %s", failure)
          .contains("build-box.example");
    }
  }

  @Test
  void engineJsonMessageIsReducedToItsSentence() {
    assertThat(EngineErrors.engineMessage("Status 404: {\"message\":\"No such container: web\"}\n"))
        .isEqualTo("No such container: web");
    assertThat(
            EngineErrors.engineMessage(
                "Status 409: {\"message\":\"conflict: \\\"web\\\" is in use\"}"))
        .isEqualTo("conflict: \"web\" is in use");
  }

  @Test
  void aTransferCutByTheEngineSaysItStoppedMidway() {
    var endpoint = EngineEndpoint.of("default", URI.create("unix:///var/run/docker.sock"));
    var cut =
        new RuntimeException(
            new IOException("Premature end of chunk coded message body: closing chunk expected"));
    assertThat(EngineErrors.describe(cut, endpoint))
        .isEqualTo(
            "the engine at unix:///var/run/docker.sock closed the connection mid-transfer (it stopped or crashed).");
  }

  @Test
  void withoutAnEndpointEachSentenceNamesTheEngineOnce() {
    var failures =
        Map.<Throwable, String>of(
            new IOException("Premature end of chunk coded message body: closing chunk expected"),
            "the engine closed the connection mid-transfer (it stopped or crashed).",
            new SocketTimeoutException("Read timed out"),
            "the engine did not answer in time.",
            new NoSuchFileException("/var/run/docker.sock"),
            "no engine is listening (the socket does not exist). Is Docker running?",
            new ConnectException("Connection refused"),
            "connection refused at the engine. Is the engine running?",
            new AccessDeniedException("/var/run/docker.sock"),
            "permission denied on the engine's socket. Add your user to the docker group, or use a rootless engine or a Drover VM.",
            new UnknownHostException("build-box.example"),
            "the engine's host name could not be resolved (DNS).",
            new SSLHandshakeException("bad certificate"),
            "the TLS handshake with the engine failed: bad certificate. Check the context's certificates.",
            new IllegalStateException("something else"),
            "cannot reach the engine: something else");

    failures.forEach(
        (failure, sentence) ->
            assertThat(EngineErrors.describe(wrapped(failure), null))
                .as("message for %s", failure)
                .isEqualTo(sentence));
  }

  @Test
  void withAnEndpointTheTimeoutNamesWhere() {
    assertThat(EngineErrors.describe(wrapped(new SocketTimeoutException("Read timed out")), REMOTE))
        .isEqualTo("the engine at tcp://build-box.example:2376 did not answer in time.");
  }
}
