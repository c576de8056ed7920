package dev.drover.vm.qemu;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class QmpTest {

  @TempDir Path machine;

  @Test
  @Timeout(30) // a hang here is the defect: the connect must end at its own deadline
  void aSocketThatTakesTheConnectionButNeverGreetsFailsAtTheDeadlineInsteadOfHanging()
      throws Exception {
    var socket = machine.resolve("qmp.sock");
    // As QEMU busy with another client: the system accepts the connection, nobody ever writes.
    try (var silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.bind(UnixDomainSocketAddress.of(socket));
      assertThatThrownBy(() -> Qmp.connect(socket, Duration.ofMillis(500), event -> {}))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("did not greet")
          .hasMessageContaining("another program may be connected");
    }
  }
}
