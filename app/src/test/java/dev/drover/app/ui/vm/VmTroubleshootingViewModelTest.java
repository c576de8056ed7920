package dev.drover.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.vm.DriverKind;
import dev.drover.vm.diagnostics.DiagnosticsBundle;
import dev.drover.vm.diagnostics.GuestEngineLog;
import dev.drover.vm.host.UserFolders;
import dev.drover.vm.instance.VmInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmTroubleshootingViewModelTest {

  @TempDir Path home;

  private VmTroubleshootingViewModel model(int maxLines) {
    var env = Map.of("DROVER_CONFIG_HOME", home.toString());
    var instance = VmInstance.forUser(env, home, "Linux", "drover");
    var machine = instance.machinesFolder().resolve("drover");
    var bundle =
        new DiagnosticsBundle(UserFolders.forUser(env, home, "Linux"), instance, DriverKind.QEMU);
    return new VmTroubleshootingViewModel(
        Background.sameThread(),
        bundle,
        machine.resolve("console.log"),
        List.of(machine.resolve("qemu.log")),
        maxLines,
        GuestEngineLog.dockerd(),
        Optional::empty);
  }

  private Path machine() throws IOException {
    return Files.createDirectories(home.resolve("vm/machines/drover"));
  }

  @Test
  void consoleShowsItsEndThenFollowsNewLinesKeepingOnlyTheNewest() throws IOException {
    var console = machine().resolve("console.log");
    Files.write(console, IntStream.range(0, 50).mapToObj(i -> "boot line " + i).toList());
    var model = model(10);

    model.follow();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(model.consoleProperty()).hasSize(10).endsWith("boot line 49"));
    Files.writeString(
        console, "\u001B[32mdrover-guest: boot finished\u001B[0m\r\n", StandardOpenOption.APPEND);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(model.consoleProperty())
                    .hasSize(10)
                    .endsWith("drover-guest: boot finished"));
    model.close();
  }

  @Test
  void hypervisorLogIsFollowedToo() throws IOException {
    Files.writeString(
        machine().resolve("qemu.log"), "qemu-system-x86_64: terminating on signal 15\n");
    var model = model(100);

    model.follow();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(model.hypervisorLogProperty())
                    .containsExactly("qemu-system-x86_64: terminating on signal 15"));
    model.close();
  }

  @Test
  void theEnginesLogNeedsARunningVm() {
    var model = model(100);

    model.loadEngineLog();

    assertThat(model.engineLogProblemProperty().get()).contains("start the VM first");
    assertThat(model.engineLogProperty()).isEmpty();
  }

  @Test
  void diagnosticsAreSavedWithoutTheVmsKeys() throws IOException {
    Files.createDirectories(machine().resolve("tls/client"));
    Files.writeString(machine().resolve("tls/client/key.pem"), "-----BEGIN PRIVATE KEY-----");
    Files.writeString(machine().resolve("console.log"), "drover-guest: boot finished\n");
    var model = model(100);
    var target = home.resolve("diagnostics.zip");

    model.collectDiagnostics(target);

    assertThat(model.diagnosticsResultProperty().get()).startsWith("Saved " + target);
    assertThat(model.collectingProperty().get()).isFalse();
    try (var zip = new ZipFile(target.toFile())) {
      assertThat(zip.stream().map(e -> e.getName()).toList())
          .contains("summary.txt", "vm/machine/console.log")
          .noneMatch(name -> name.endsWith(".pem"));
    }
  }

  @Test
  void diagnosticsIntoAnUnwritablePlaceSayWhatToDo() throws IOException {
    var blocker = Files.writeString(home.resolve("file"), "x");
    var model = model(100);

    model.collectDiagnostics(blocker.resolve("diagnostics.zip"));

    assertThat(model.diagnosticsResultProperty().get())
        .startsWith("Could not save")
        .endsWith("Choose another folder.");
  }
}
