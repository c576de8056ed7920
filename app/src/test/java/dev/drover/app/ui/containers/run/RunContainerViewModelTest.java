package dev.drover.app.ui.containers.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.containers.RecordingContainerCommands;
import dev.drover.engine.containers.RunSpec;
import dev.drover.vm.DriverKind;
import dev.drover.vm.SharedFolder;
import dev.drover.vm.host.HostFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunContainerViewModelTest {

  private final RecordingContainerCommands commands = new RecordingContainerCommands();

  /** The app's engine is the VM's while this is set. */
  private Optional<HostFolders> vmFolders = Optional.empty();

  private final RunContainerViewModel model =
      new RunContainerViewModel(
          Background.sameThread(),
          commands,
          () -> List.of("nginx:1.27", "redis:7"),
          () -> this.vmFolders);

  @TempDir Path dir;

  @Test
  void suggestionsAndRuntimesComeFromTheEngine() {
    assertThat(model.imageSuggestionsProperty()).containsExactly("nginx:1.27", "redis:7");
    assertThat(model.runtimesProperty()).containsExactly("runc", "runsc");
  }

  @Test
  void theHintSaysWhatToFixAsTheUserTypes() {
    assertThat(model.problem()).contains("Enter an image");
    model.imageProperty().set("nginx:1.27");
    assertThat(model.problem()).isEmpty();
    model.portsProperty().set("80a:80");
    assertThat(model.problemProperty().get())
        .isEqualTo("\"80a:80\": \"80a\" is not a port number (1 to 65535)");
    model.portsProperty().set("8080:80");
    assertThat(model.problem()).isEmpty();
  }

  @Test
  void invalidInputIsNeverSentToTheEngine() {
    model.imageProperty().set("Not An Image");
    model.run();
    assertThat(commands.calls).isEmpty();
    assertThat(model.errorProperty().get()).contains("not a valid image reference");
  }

  @Test
  void aSuccessfulRunReportsTheNewContainer() {
    model.imageProperty().set("nginx:1.27");
    model.nameProperty().set("web");
    model.run();
    assertThat(commands.calls).containsExactly("RUN nginx:1.27");
    assertThat(model.createdIdProperty().get()).isEqualTo("new0123456789abcdef");
    assertThat(model.statusProperty().get()).isEqualTo("Started web");
    assertThat(model.runningProperty().get()).isFalse();
  }

  @Test
  void theEnginesRefusalStaysInTheDialog() {
    commands.refuse = "Starting the container failed: the engine said: port is already allocated";
    model.imageProperty().set("nginx:1.27");
    model.run();
    assertThat(model.errorProperty().get()).isEqualTo(commands.refuse);
    assertThat(model.createdIdProperty().get()).isEmpty();
  }

  @Test
  void runDialogRefusesAnEnvironmentEntryWithoutAValueAsTheUserTypes() {
    model.imageProperty().set("nginx:1.27");
    model.environmentProperty().set("GREETING=hello\nFOO");
    assertThat(model.problem())
        .isEqualTo(
            "\"FOO\" has no value: write FOO=value, or FOO= for an empty one "
                + "(Drover does not pass its own environment on to containers)");
    model.run();
    assertThat(commands.calls).as("nothing is run").isEmpty();

    model.environmentProperty().set("GREETING=hello\nFOO=");
    assertThat(model.problem()).isEmpty();
  }

  @Test
  void runDialogRejectsRelativeHostPath() {
    model.imageProperty().set("nginx:1.27");
    model.mountsProperty().set("relative/path:/data");
    assertThat(model.problem())
        .isEqualTo(
            "\"relative/path:/data\": the host folder \"relative/path\" is a relative "
                + "path; write it in full, e.g. /home/me/relative/path (Drover has no working folder to resolve it from)");
    model.mountsProperty().set("./site:/usr/share/nginx/html:ro");
    assertThat(model.problem()).contains("the host folder \"./site\" is a relative path");
    model.mountsProperty().set("~/site:/usr/share/nginx/html");
    assertThat(model.problem()).contains("the host folder \"~/site\" is a relative path");
    model.run();
    assertThat(commands.calls).as("nothing is run").isEmpty();

    model.mountsProperty().set("data:/var/lib/data\n/home/me/site:/usr/share/nginx/html:ro");
    assertThat(model.problem()).isEmpty();
  }

  @Test
  void runDialogRefusesAHostFolderTheVmDoesNotShareNamingTheSetting() throws Exception {
    var shared = Files.createDirectory(dir.resolve("shared"));
    var outside = Files.createDirectory(dir.resolve("outside"));
    vmFolders =
        Optional.of(new HostFolders(DriverKind.QEMU, List.of(new SharedFolder(shared, false))));
    model.imageProperty().set("nginx:1.27");
    model.mountsProperty().set(outside + ":/usr/share/nginx/html");

    model.run();

    assertThat(commands.calls).isEmpty();
    assertThat(model.errorProperty().get())
        .contains(outside.toString(), "Settings → Virtual machine → Shared folders");
  }

  @Test
  void runDialogPassesASharedFolderAndVolumesThroughToTheVm() throws Exception {
    var shared = Files.createDirectory(dir.resolve("shared"));
    vmFolders =
        Optional.of(new HostFolders(DriverKind.QEMU, List.of(new SharedFolder(shared, false))));
    model.imageProperty().set("nginx:1.27");
    model.mountsProperty().set(shared + "/site:/www:ro, data:/data");
    Files.createDirectory(shared.resolve("site"));

    model.run();

    assertThat(commands.lastRun.mounts())
        .containsExactly(
            new RunSpec.MountSpec(shared + "/site", "/www", true),
            new RunSpec.MountSpec("data", "/data", false));
  }

  @Test
  void runDialogLeavesHostPathsAloneForAnEngineOnThisComputer() {
    model.imageProperty().set("nginx:1.27");
    model.mountsProperty().set("/not/checked:/www");

    model.run();

    assertThat(commands.lastRun.mounts())
        .containsExactly(new RunSpec.MountSpec("/not/checked", "/www", false));
  }
}
