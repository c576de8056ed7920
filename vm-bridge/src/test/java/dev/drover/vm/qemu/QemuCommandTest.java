package dev.drover.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.vm.SharedFolder;
import dev.drover.vm.guest.GuestArch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuCommandTest {

  private static QemuCommand command(Accelerator accelerator) {
    return command(GuestArch.AMD64, accelerator);
  }

  private static QemuCommand command(GuestArch arch, Accelerator accelerator) {
    return new QemuCommand(
        Path.of("/usr/bin/" + arch.qemuSystem()),
        arch,
        accelerator,
        2,
        2048,
        Path.of("/g/vmlinuz"),
        Path.of("/g/initramfs.img"),
        Path.of("/vm/my,disk.qcow2"),
        Path.of("/vm/console.log"),
        Path.of("/vm/qmp.sock"),
        Path.of("/vm/qemu.pid"),
        41234,
        List.of(new QemuCommand.GuestFile("ca.pem", Path.of("/vm/tls/server/ca.pem"))),
        "moby",
        List.of());
  }

  @Test
  void tcgEmulatesAModernCpu() {
    var args = command(Accelerator.TCG).arguments();
    assertThat(args).containsSequence("-accel", "tcg").containsSequence("-cpu", "max");
  }

  @Test
  void kvmAndHvfPassTheHostCpuThrough() {
    assertThat(command(Accelerator.KVM).arguments())
        .containsSequence("-accel", "kvm")
        .containsSequence("-cpu", "host");
    assertThat(command(Accelerator.HVF).arguments())
        .containsSequence("-accel", "hvf")
        .containsSequence("-cpu", "host");
  }

  @Test
  void engineIsForwardedToLoopbackOnly() {
    assertThat(command(Accelerator.TCG).arguments())
        .contains("user,id=net0,hostfwd=tcp:127.0.0.1:41234-:2376");
  }

  @Test
  void commasInPathsAreDoubledSoQemuReadsThemAsOnePath() {
    assertThat(command(Accelerator.TCG).arguments())
        .contains("if=virtio,file=/vm/my,,disk.qcow2,format=qcow2,discard=unmap");
  }

  @Test
  void tlsMaterialReachesTheGuestThroughFwCfgAndQmpListensOnItsSocket() {
    assertThat(command(Accelerator.TCG).arguments())
        .containsSequence("-fw_cfg", "name=opt/drover/ca.pem,file=/vm/tls/server/ca.pem")
        .containsSequence("-fw_cfg", "name=opt/drover/engine,string=moby")
        .containsSequence("-qmp", "unix:/vm/qmp.sock,server=on,wait=off")
        .containsSequence("-qmp", "unix:/vm/qmp-control.sock,server=on,wait=off")
        .containsSequence("-serial", "file:/vm/console.log")
        .containsSequence("-device", "virtio-balloon-pci,free-page-reporting=on");
  }

  @Test
  void theGuestsRootShellIsAVirtioConsoleOnAUnixSocketBesideQmp() {
    var command = command(Accelerator.TCG);
    assertThat(command.shellSocket()).isEqualTo(Path.of("/vm/shell.sock"));
    assertThat(command.arguments())
        .containsSequence("-chardev", "socket,id=shell,path=/vm/shell.sock,server=on,wait=off")
        .containsSequence("-device", "virtconsole,chardev=shell,name=drover.shell")
        .noneMatch(argument -> argument.contains("tcp:") && argument.contains("shell"));
  }

  @Test
  void anAmd64GuestBootsOnAPcWithItsConsoleOnTheFirstSerialPort() {
    var args = command(GuestArch.AMD64, Accelerator.KVM).arguments();
    assertThat(args.getFirst()).endsWith("qemu-system-x86_64");
    assertThat(args).containsSequence("-machine", "q35");
    assertThat(args.get(args.indexOf("-append") + 1)).startsWith("console=ttyS0 ");
  }

  @Test
  void anArm64GuestBootsOnTheVirtBoardWithItsConsoleOnThePl011() {
    var args = command(GuestArch.ARM64, Accelerator.TCG).arguments();
    assertThat(args.getFirst()).endsWith("qemu-system-aarch64");
    assertThat(args)
        .containsSequence("-machine", "virt")
        .containsSequence("-accel", "tcg")
        .containsSequence("-cpu", "max");
    assertThat(args.get(args.indexOf("-append") + 1)).startsWith("console=ttyAMA0 ");
  }

  @Test
  void anArm64GuestOnAppleSiliconRunsUnderHvfWithTheHostCpu() {
    assertThat(command(GuestArch.ARM64, Accelerator.HVF).arguments())
        .containsSequence("-accel", "hvf")
        .containsSequence("-machine", "virt")
        .containsSequence("-cpu", "host");
  }

  private static QemuCommand sharing(List<SharedFolder> folders) {
    var base = command(Accelerator.HVF);
    return new QemuCommand(
        base.qemu(),
        base.arch(),
        base.accelerator(),
        base.cpus(),
        base.memoryMib(),
        base.kernel(),
        base.initramfs(),
        base.dataDisk(),
        base.console(),
        base.qmpSocket(),
        base.pidFile(),
        base.enginePort(),
        base.guestFiles(),
        base.engine(),
        folders);
  }

  @Test
  void eachSharedFolderIsAVirtfsExportAsTheQemuUserWithReadOnlyPassedThrough() {
    var args =
        sharing(
                List.of(
                    new SharedFolder(Path.of("/Users/me"), false),
                    new SharedFolder(Path.of("/Volumes/data,2024"), true)))
            .arguments();
    assertThat(args)
        .containsSequence(
            "-virtfs", "local,path=/Users/me,mount_tag=drover0,security_model=none,multidevs=remap")
        .containsSequence(
            "-virtfs",
            "local,path=/Volumes/data,,2024,mount_tag=drover1,security_model=none,"
                + "multidevs=remap,readonly=on");
  }

  @Test
  void noSharedFolderMeansNoVirtfsDevice() {
    assertThat(command(Accelerator.TCG).arguments()).doesNotContain("-virtfs");
    assertThat(QemuCommand.shareTable(List.of())).isEmpty();
  }

  @Test
  void theGuestsShareTableMountsParentsFirstWithReadOnlyInTheOptions() {
    var table =
        QemuCommand.shareTable(
            List.of(
                new SharedFolder(Path.of("/home/me/projects/site"), true),
                new SharedFolder(Path.of("/home/me"), false),
                new SharedFolder(Path.of("/srv/my folder"), false)));
    var options = SharedFolder.MOUNT_OPTIONS;
    assertThat(table.lines())
        .containsExactly(
            "drover1\t" + options + "\t/home/me",
            "drover2\t" + options + "\t/srv/my folder",
            "drover0\t" + options + ",ro\t/home/me/projects/site");
    assertThat(options).contains("trans=virtio", "version=9p2000.L", "cache=mmap");
  }

  private static QemuCommand onHost(Path qemu, GuestArch arch, Accelerator accelerator) {
    return new QemuCommand(
        qemu,
        arch,
        accelerator,
        4,
        4096,
        Path.of("/g/vmlinuz"),
        Path.of("/g/initramfs.img"),
        Path.of("/vm/data.qcow2"),
        Path.of("/vm/console.log"),
        Path.of("/vm/qmp.sock"),
        Path.of("/vm/qemu.pid"),
        41234,
        List.of(
            new QemuCommand.GuestFile("ca.pem", Path.of("/vm/tls/server/ca.pem")),
            new QemuCommand.GuestFile("server-cert.pem", Path.of("/vm/tls/server/server-cert.pem")),
            new QemuCommand.GuestFile("server-key.pem", Path.of("/vm/tls/server/server-key.pem"))),
        "moby",
        List.of());
  }

  /** The whole command line of the three hosts the issue names, every argument in order. */
  private static List<String> expected(
      String qemu, String accel, String machine, String cpu, String console) {
    return List.of(
        qemu,
        "-name",
        "drover",
        "-nodefaults",
        "-no-user-config",
        "-display",
        "none",
        "-no-reboot",
        "-accel",
        accel,
        "-machine",
        machine,
        "-cpu",
        cpu,
        "-smp",
        "4",
        "-m",
        "4096",
        "-kernel",
        "/g/vmlinuz",
        "-initrd",
        "/g/initramfs.img",
        "-append",
        "console=" + console + " quiet panic=-1 rdinit=/init",
        "-serial",
        "file:/vm/console.log",
        "-drive",
        "if=virtio,file=/vm/data.qcow2,format=qcow2,discard=unmap",
        "-netdev",
        "user,id=net0,hostfwd=tcp:127.0.0.1:41234-:2376",
        "-device",
        "virtio-net-pci,netdev=net0",
        "-device",
        "virtio-rng-pci",
        "-device",
        "virtio-balloon-pci,free-page-reporting=on",
        "-device",
        "virtio-serial-pci",
        "-chardev",
        "socket,id=shell,path=/vm/shell.sock,server=on,wait=off",
        "-device",
        "virtconsole,chardev=shell,name=drover.shell",
        "-rtc",
        "base=utc,clock=host",
        "-fw_cfg",
        "name=opt/drover/engine,string=moby",
        "-fw_cfg",
        "name=opt/drover/ca.pem,file=/vm/tls/server/ca.pem",
        "-fw_cfg",
        "name=opt/drover/server-cert.pem,file=/vm/tls/server/server-cert.pem",
        "-fw_cfg",
        "name=opt/drover/server-key.pem,file=/vm/tls/server/server-key.pem",
        "-qmp",
        "unix:/vm/qmp.sock,server=on,wait=off",
        "-qmp",
        "unix:/vm/qmp-control.sock,server=on,wait=off",
        "-pidfile",
        "/vm/qemu.pid");
  }

  @Test
  void fullCommandOnAnAppleSiliconMacRunsTheArm64GuestUnderHvfFromHomebrew() {
    assertThat(
            onHost(
                    Path.of("/opt/homebrew/bin/qemu-system-aarch64"),
                    GuestArch.ARM64,
                    Accelerator.HVF)
                .arguments())
        .containsExactlyElementsOf(
            expected("/opt/homebrew/bin/qemu-system-aarch64", "hvf", "virt", "host", "ttyAMA0"));
  }

  @Test
  void fullCommandOnAnIntelMacRunsTheAmd64GuestUnderHvf() {
    assertThat(
            onHost(Path.of("/usr/local/bin/qemu-system-x86_64"), GuestArch.AMD64, Accelerator.HVF)
                .arguments())
        .containsExactlyElementsOf(
            expected("/usr/local/bin/qemu-system-x86_64", "hvf", "q35", "host", "ttyS0"));
  }

  @Test
  void fullCommandOnArm64LinuxRunsTheArm64GuestUnderKvm() {
    assertThat(
            onHost(Path.of("/usr/bin/qemu-system-aarch64"), GuestArch.ARM64, Accelerator.KVM)
                .arguments())
        .containsExactlyElementsOf(
            expected("/usr/bin/qemu-system-aarch64", "kvm", "virt", "host", "ttyAMA0"));
  }

  @Test
  void onMacQemuIsLookedForInHomebrewAndMacPortsAfterFindersPath() {
    var finder = Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");

    assertThat(QemuInstallation.qemuFolders(finder, "Mac OS X"))
        .containsExactly(
            "/usr/bin",
            "/bin",
            "/usr/sbin",
            "/sbin",
            "/opt/homebrew/bin",
            "/usr/local/bin",
            "/opt/local/bin");
    assertThat(QemuInstallation.qemuFolders(finder, "Linux"))
        .containsExactly("/usr/bin", "/bin", "/usr/sbin", "/sbin");
    assertThat(
            QemuInstallation.qemuFolders(Map.of("PATH", "/opt/homebrew/bin:/usr/bin"), "Mac OS X"))
        .as("a folder on the PATH too is looked in once, in the PATH's order")
        .containsExactly("/opt/homebrew/bin", "/usr/bin", "/usr/local/bin", "/opt/local/bin");
  }

  @Test
  void qemuFoundInAHomebrewFolderOnlyWhenItHasQemuImgToo(@TempDir Path temp) throws Exception {
    var bin = Files.createDirectories(temp.resolve("bin"));
    var system = Files.writeString(bin.resolve("qemu-system-aarch64"), "");
    system.toFile().setExecutable(true);
    var env = Map.of("PATH", bin.toString());

    assertThat(QemuInstallation.find(env, GuestArch.ARM64, "Linux")).isEmpty();
    var img = Files.writeString(bin.resolve("qemu-img"), "");
    img.toFile().setExecutable(true);
    assertThat(QemuInstallation.find(env, GuestArch.ARM64, "Linux"))
        .hasValueSatisfying(found -> assertThat(found).containsExactly(system, img));
  }

  @Test
  void missingQemuSaysHowToInstallItOnThisSystem() {
    assertThat(QemuInstallation.installHint(GuestArch.ARM64, "Mac OS X"))
        .contains("brew install qemu", "sudo port install qemu", "/opt/homebrew/bin");
    assertThat(QemuInstallation.installHint(GuestArch.ARM64, "Linux"))
        .contains("apt-get install qemu-system-arm qemu-utils");
  }
}
