package dev.drover.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginePortTest {

  @TempDir Path folder;

  @Test
  void theEnginesPortIsTheSameAtTheNextBootWhileItIsFree() throws Exception {
    var file = folder.resolve("engine-port");

    var first = EnginePort.choose(file);
    var second = EnginePort.choose(file);

    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(file).strip()).isEqualTo(Integer.toString(first));
  }

  @Test
  void aRememberedPortAnotherProgramTookIsReplacedAndTheNewOneRemembered() throws Exception {
    var file = folder.resolve("engine-port");
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Files.writeString(file, taken.getLocalPort() + "\n");

      var chosen = EnginePort.choose(file);

      assertThat(chosen).isNotEqualTo(taken.getLocalPort()).isPositive();
      assertThat(Files.readString(file).strip()).isEqualTo(Integer.toString(chosen));
    }
  }

  @Test
  void anUnreadableFileGetsANewPort() throws Exception {
    var file = folder.resolve("engine-port");
    Files.writeString(file, "not a port");

    assertThat(EnginePort.choose(file)).isPositive();
  }
}
