package dev.drover.tests.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.exec.ContainerShells;
import dev.drover.engine.exec.ShellEnd;
import dev.drover.engine.exec.ShellSession;
import dev.drover.engine.exec.ShellSink;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ContainerShells} against a real engine: the shell the Terminal tab talks to. */
abstract class ContainerShellContract {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  abstract TestEngine.Kind engine();

  private DockerClient docker;
  private EngineClients clients;
  private String image;
  private final List<String> created = new ArrayList<>();

  @BeforeEach
  void realEngine() throws Exception {
    docker = engine().client();
    image = TestImages.busybox(docker);
    clients = new EngineClients(engine()::endpoint);
  }

  @AfterEach
  void cleanUp() throws Exception {
    created.forEach(name -> TestEngine.removeQuietly(docker, name));
    clients.close();
    docker.close();
  }

  /** What a terminal would be shown, as text, and how the shell ended. */
  private static final class Screen implements ShellSink {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicReference<ShellEnd> end = new AtomicReference<>();

    @Override
    public synchronized void output(byte[] chunk) {
      bytes.writeBytes(chunk);
    }

    @Override
    public void ended(ShellEnd how) {
      end.set(how);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private String container(boolean start) {
    var name = TestEngine.uniqueName("shell");
    created.add(name);
    var id = docker.createContainerCmd(image).withName(name).withCmd("sleep", "300").exec().getId();
    if (start) docker.startContainerCmd(id).exec();
    return id;
  }

  private static byte[] typed(String keys) {
    return keys.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void typedCommandsRunAndTheExitCodeIsReported() {
    var id = container(true);
    var screen = new Screen();
    var shell = new ContainerShells(clients).open(id, 100, 30, screen);
    try {
      shell.send(typed("echo answer=$((6*7))\r"));
      await("the shell's answer").atMost(PATIENCE).until(() -> screen.text().contains("answer=42"));
      shell.send(typed("exit 3\r"));
      await("the shell ends").atMost(PATIENCE).until(() -> screen.end.get() != null);
      assertThat(screen.end.get().exitCode()).isEqualTo(3);
      assertThat(screen.end.get().isFailure()).isFalse();
    } finally {
      shell.close();
    }
  }

  @Test
  void theShellLearnsTheTerminalSizeAndItsChanges() {
    var id = container(true);
    var screen = new Screen();
    try (var shell = new ContainerShells(clients).open(id, 100, 30, screen)) {
      askUntilShown(shell, screen, "stty size\r", "30 100");
      shell.resize(132, 43);
      askUntilShown(shell, screen, "stty size\r", "43 132");
    }
  }

  @Test
  void colouredOutputReachesTheTerminalAsEscapeSequences() {
    var id = container(true);
    var screen = new Screen();
    try (var shell = new ContainerShells(clients).open(id, 80, 24, screen)) {
      shell.send(typed("printf '\\033[31mred-text\\033[0m\\n'\r"));
      await("red text")
          .atMost(PATIENCE)
          .until(() -> screen.text().contains("\u001b[31mred-text\u001b[0m"));
    }
  }

  @Test
  void aStoppedContainerIsRefusedWithAReasonToActOn() {
    var id = container(false);
    assertThatThrownBy(() -> new ContainerShells(clients).open(id, 80, 24, new Screen()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("not running");
  }

  /**
   * Types {@code command} every second until {@code expected} shows: the size reaches the shell
   * asynchronously.
   */
  private static void askUntilShown(
      ShellSession shell, Screen screen, String command, String expected) {
    await("'" + expected + "' on the screen")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              if (screen.text().contains(expected)) return true;
              shell.send(typed(command));
              return false;
            });
  }
}
