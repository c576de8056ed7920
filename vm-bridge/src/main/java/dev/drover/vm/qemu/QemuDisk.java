package dev.drover.vm.qemu;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The VM's persistent qcow2 disk, made and grown with qemu-img. */
final class QemuDisk {

  private final Path qemuImg;

  QemuDisk(Path qemuImg) {
    this.qemuImg = qemuImg;
  }

  /**
   * Creates {@code disk} with {@code wantedBytes} when missing, grows it when smaller; the guest
   * grows its file system to the disk at boot (resize2fs). Never shrinks.
   */
  void ensure(Path disk, long wantedBytes) throws IOException {
    if (!Files.exists(disk)) {
      run(
          List.of(
              qemuImg.toString(),
              "create",
              "-q",
              "-f",
              "qcow2",
              disk.toString(),
              Long.toString(wantedBytes)),
          "create the data disk");
    } else if (virtualSize(disk) < wantedBytes) {
      run(
          List.of(qemuImg.toString(), "resize", "-q", disk.toString(), Long.toString(wantedBytes)),
          "grow the data disk");
    }
  }

  private long virtualSize(Path disk) throws IOException {
    var output =
        run(
            List.of(qemuImg.toString(), "info", "--output=json", "-U", disk.toString()),
            "read the data disk's size");
    return new ObjectMapper().readTree(output).path("virtual-size").asLong();
  }

  private static String run(List<String> command, String what) throws IOException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("could not " + what + ": " + output.strip());
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while trying to " + what, e);
    }
  }
}
