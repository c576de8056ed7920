package dev.drover.tests.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.EngineEndpoint;
import dev.drover.tests.support.TestEngine;
import dev.drover.vm.diagnostics.GuestEngineLog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine-log reader against the shared dockerd, which runs on this machine: a folder here
 * stands for the guest's /var/log. The helper it creates never runs and is removed.
 */
class GuestEngineLogDockerIT {

  @TempDir Path logs;

  @Test
  void readsTheLastLinesThroughTheEngineAndLeavesNoHelper() throws Exception {
    Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.write(
        logs.resolve("dockerd.log"),
        IntStream.rangeClosed(1, 50)
            .mapToObj(i -> "time=\"2026-11-27T17:00:" + i + "Z\" level=info msg=\"line " + i + "\"")
            .toList());
    var engine = EngineEndpoint.of("test", URI.create(TestEngine.host()));

    var lines = new GuestEngineLog(logs.toString(), "dockerd.log").tail(engine, 3);

    assertThat(lines).hasSize(3).last().asString().contains("msg=\"line 50\"");
    try (var docker = TestEngine.Kind.DOCKER.client()) {
      assertThat(
              docker
                  .listContainersCmd()
                  .withShowAll(true)
                  .withLabelFilter(Map.of("dev.drover.helper", "guest-engine-log"))
                  .exec())
          .isEmpty();
    }
  }
}
