package dev.drover.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.vm.DriverKind;
import dev.drover.vm.SharedFolder;
import dev.drover.vm.VmConfig;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.host.DriverChoice;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.network.ProxySettings;
import dev.drover.vm.tls.VmCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmSettingsViewModelTest {

  private final List<VmSettings> saved = new ArrayList<>();

  private VmSettingsViewModel model() {
    return new VmSettingsViewModel(
        VmSettings.defaults(),
        saved::add,
        DriverKind.QEMU,
        GuestArch.AMD64,
        Background.sameThread());
  }

  @Test
  void everyChangeIsSavedWithTheOthersKept() {
    var model = model();

    model.cpusProperty().set(4);
    model.memoryMibProperty().set(4096);
    model.engineProperty().set(VmConfig.Engine.CONTAINERD);

    assertThat(saved.getLast())
        .isEqualTo(new VmSettings(DriverChoice.AUTO, 4, 4096, 32, VmConfig.Engine.CONTAINERD));
    assertThat(model.problemProperty().get()).isEmpty();
  }

  @Test
  void tooLittleMemoryIsPutBackAndExplained() {
    var model = model();

    model.memoryMibProperty().set(100);

    assertThat(model.memoryMibProperty().get()).isEqualTo(2048);
    assertThat(model.problemProperty().get()).contains("512 MiB");
    assertThat(saved).isEmpty();
  }

  @Test
  void theDiskNeverShrinks() {
    var model = model();

    model.diskGibProperty().set(16);

    assertThat(model.diskGibProperty().get()).isEqualTo(32);
    assertThat(model.problemProperty().get()).contains("can only grow");
    model.diskGibProperty().set(64);
    assertThat(saved.getLast().diskGib()).isEqualTo(64);
    assertThat(model.problemProperty().get()).isEmpty();
  }

  @Test
  void driverChoiceIsSaved() {
    var model = model();

    model.driverProperty().set(DriverChoice.QEMU);

    assertThat(saved.getLast().driver()).isEqualTo(DriverChoice.QEMU);
  }

  @Test
  void wsl2SaysCpusAndMemoryAreWsls() {
    assertThat(
            new VmSettingsViewModel(
                    VmSettings.defaults(),
                    saved::add,
                    DriverKind.WSL2,
                    GuestArch.AMD64,
                    Background.sameThread())
                .note())
        .contains(".wslconfig");
  }

  @TempDir Path folder;

  @Test
  void aValidProxyIsSavedAndOneBeingTypedIsExplainedAndNotSaved() {
    var model = model();

    model.httpsProxyProperty().set("http://proxy.corp:3128");
    model.httpProxyProperty().set("http://proxy.corp:3128 oops");

    assertThat(saved.getLast().network().proxy())
        .isEqualTo(new ProxySettings("", "http://proxy.corp:3128", ""));
    assertThat(model.problemProperty().get()).contains("HTTP_PROXY");
    assertThat(model.httpProxyProperty().get()).isEqualTo("http://proxy.corp:3128 oops");
  }

  @Test
  void aCertificateFileIsAddedOnlyWhenItHoldsACertificate() throws Exception {
    var model = model();
    var notes = Files.writeString(folder.resolve("notes.txt"), "no certificate here");

    model.addCertificateFile(notes);
    model.hostCertificatesProperty().set(true);

    assertThat(model.certificateFiles()).isEmpty();
    assertThat(saved.getLast().network().certificateFiles()).isEmpty();
    assertThat(saved.getLast().network().hostCertificates()).isTrue();

    model.addCertificateFile(notes);
    assertThat(model.problemProperty().get()).contains(notes.toString());
  }

  @Test
  void aCertificateFileIsSavedAndCanBeRemoved() throws Exception {
    var model = model();
    var tls = new VmCertificates(folder.resolve("tls"));
    tls.ensure("test");
    var ca = tls.serverFolder().resolve("ca.pem");

    model.addCertificateFile(ca);
    assertThat(model.certificateFiles()).containsExactly(ca);
    assertThat(saved.getLast().network().certificateFiles()).containsExactly(ca);

    model.removeCertificateFile(ca);
    assertThat(saved.getLast().network().certificateFiles()).isEmpty();
  }

  @Test
  void aSharedFolderIsAddedWithItsReadOnlyFlagAndSaved() {
    var model = model();

    model.addSharedFolder("/srv/photos/", true);

    var photos = new SharedFolder(Path.of("/srv/photos"), true);
    assertThat(model.sharedFoldersProperty()).endsWith(photos);
    assertThat(saved.getLast().sharedFolders()).endsWith(photos);
    model.addSharedFolder("/srv/photos", false);
    assertThat(saved.getLast().sharedFolders())
        .as("adding it again changes its flag, not the count")
        .containsOnlyOnce(new SharedFolder(Path.of("/srv/photos"), false));
    model.removeSharedFolder(saved.getLast().sharedFolders().getLast());
    assertThat(saved.getLast().sharedFolders()).isEqualTo(VmSettings.defaults().sharedFolders());
  }

  @Test
  void aFolderTheVmCannotShareIsExplainedAndNothingIsSaved() {
    var model = model();

    model.addSharedFolder("projects", false);

    assertThat(model.sharedFoldersProblemProperty().get()).contains("absolute path");
    assertThat(saved).isEmpty();
    assertThat(model.sharedFoldersProperty()).isEqualTo(VmSettings.defaults().sharedFolders());
  }

  @Test
  void hyperkitSaysHostFoldersNeedQemuAndQemuSaysWhenChangesApply() {
    assertThat(
            new VmSettingsViewModel(
                    VmSettings.defaults(),
                    saved::add,
                    DriverKind.HYPERKIT,
                    GuestArch.AMD64,
                    Background.sameThread())
                .sharedFoldersNote())
        .contains("host folders need the QEMU driver");
    assertThat(model().sharedFoldersNote()).contains("next start", "same path");
  }

  @Test
  void theGuestArchitectureIsShownAsFollowingThisComputer() {
    var onAppleSilicon =
        new VmSettingsViewModel(
            VmSettings.defaults(),
            saved::add,
            DriverKind.QEMU,
            GuestArch.ARM64,
            Background.sameThread());

    assertThat(onAppleSilicon.guestArchitecture())
        .isEqualTo("arm64 (follows this computer's processor)");
    assertThat(model().guestArchitecture()).startsWith("amd64 ");
    assertThat(saved).as("shown, not a setting").isEmpty();
  }
}
