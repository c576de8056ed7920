package dev.drover.vm.hyperkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmException;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.network.ProxySettings;
import dev.drover.vm.network.VmNetwork;
import dev.drover.vm.process.ScriptedRunner;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hyperkit's command line and what hyperkit and bootpd write, recorded on real Macs (SOURCES.md).
 */
class HyperkitTest {

  @TempDir Path temp;

  private static String recorded(String name) throws IOException {
    try (var in = HyperkitTest.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalArgumentException("no recorded output " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String leases() throws IOException {
    return recorded("dhcpd_leases");
  }

  @Test
  void commandBootsTheKernelWithKexecAndTheDisksAsVirtioBlkAskingForDhcp() {
    var command =
        new HyperkitCommand(
            Path.of("/usr/local/bin/hyperkit"),
            2,
            2048,
            Path.of("/g/vmlinuz"),
            Path.of("/g/initramfs.img"),
            Path.of("/s/drover/data.raw"),
            Path.of("/s/drover/config.img"),
            new HyperkitCommand.Network.Vmnet(),
            Path.of("/s/drover/console.log"),
            Path.of("/s/drover/hyperkit.pid"),
            "6c1f3a2e-0000-4000-8000-000000000001",
            "moby");

    assertThat(command.arguments())
        .containsExactly(
            "/usr/local/bin/hyperkit",
            "-A",
            "-u",
            "-F",
            "/s/drover/hyperkit.pid",
            "-U",
            "6c1f3a2e-0000-4000-8000-000000000001",
            "-c",
            "2",
            "-m",
            "2048M",
            "-s",
            "0:0,hostbridge",
            "-s",
            "31,lpc",
            "-s",
            "1:0,virtio-net",
            "-s",
            "2:0,virtio-blk,/s/drover/data.raw",
            "-s",
            "3,virtio-rnd",
            // the config disk after the data disk: the guest's /dev/vdb
            "-s",
            "4:0,virtio-blk,/s/drover/config.img",
            "-l",
            "com1,autopty=/s/drover/tty,log=/s/drover/console.log",
            // as moby/hyperkit's own Go wrapper passes it: no quotes, hyperkit takes all after the
            // 3rd comma
            "-f",
            "kexec,/g/vmlinuz,/g/initramfs.img,earlyprintk=serial console=ttyS0 panic=1 quiet drover.engine=moby drover.net=dhcp");
  }

  @Test
  void vpnkitNetworkUsesItsEthernetSocket() {
    var command =
        new HyperkitCommand(
            Path.of("hyperkit"),
            1,
            1024,
            Path.of("k"),
            Path.of("i"),
            Path.of("d"),
            Path.of("c"),
            new HyperkitCommand.Network.Vpnkit(Path.of("/Users/ann/vpnkit.eth.sock")),
            Path.of("/c/console.log"),
            Path.of("p"),
            "u",
            "containerd");

    assertThat(command.arguments()).contains("1:0,virtio-vpnkit,path=/Users/ann/vpnkit.eth.sock");
    assertThat(command.kernelCommandLine()).contains(" drover.engine=containerd ");
  }

  @Test
  void leasesGiveTheNewestAddressOfTheGuestByNameThoughNamesRepeat() throws IOException {
    var leases = DhcpdLeases.parse(leases());

    assertThat(leases.leases()).hasSize(10).allMatch(l -> l.name().equals("minikube"));
    assertThat(leases.leases().getFirst())
        .isEqualTo(
            new DhcpdLeases.Lease("minikube", "192.168.105.30", "be:cf:36:32:32:50", 0x638fe0edL));
    assertThat(leases.addressOf("minikube")).hasValue("192.168.105.30");
    assertThat(leases.addressOf("drover")).isEmpty();
  }

  @Test
  void bootpdWritesMacOctetsWithoutLeadingZeros() throws IOException {
    var leases = DhcpdLeases.parse(leases());

    var lease =
        leases.leases().stream()
            .filter(l -> l.ipAddress().equals("192.168.105.3"))
            .findFirst()
            .orElseThrow();
    assertThat(lease.hwAddress()).isEqualTo("76:f5:fd:cf:d6:1");
    assertThat(lease.macAddress()).isEqualTo("76:f5:fd:cf:d6:01");
    assertThat(leases.addressOfMac("76:F5:FD:CF:D6:01")).hasValue("192.168.105.3");
    assertThat(leases.addressOfMac("76:f5:fd:cf:d6:1")).hasValue("192.168.105.3");
  }

  @Test
  void versionIsReadFromReleaseGitAndDockerDesktopBuilds() throws IOException {
    assertThat(HyperkitVersion.parse(recorded("hyperkit-version-homebrew-tap.txt")).orElseThrow())
        .isEqualTo(new HyperkitVersion("20170515-fa78d94"))
        .extracting(HyperkitVersion::date)
        .isEqualTo(Optional.of(LocalDate.of(2017, 5, 15)));
    assertThat(HyperkitVersion.parse(recorded("hyperkit-version-git.txt")).orElseThrow().date())
        .hasValue(LocalDate.of(2019, 2, 1));
    assertThat(
            HyperkitVersion.parse(recorded("hyperkit-version-docker-desktop.txt"))
                .orElseThrow()
                .version())
        .isEqualTo("v0.20200224-44-gb54460");
    assertThat(HyperkitVersion.parse("zsh: command not found: hyperkit")).isEmpty();
  }

  @Test
  void hyperkitsOwnFailuresAreExplained() throws IOException {
    var hyperkit = Path.of("/usr/local/bin/hyperkit");

    assertThat(HyperkitFailure.explain(recorded("hyperkit-vmnet-denied.log"), hyperkit))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("vmnet")
                    .contains(
                        "sudo chown root:wheel /usr/local/bin/hyperkit && sudo chmod u+s /usr/local/bin/hyperkit"));
    assertThat(HyperkitFailure.explain(recorded("hyperkit-hv-unsupported.log"), hyperkit))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("(vmx_init: processor not supported by Hypervisor.framework)"));
    assertThat(HyperkitFailure.explain(recorded("hyperkit-bigsur-hv-vm-create.log"), hyperkit))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("(hv_vm_create unknown error -85377023)")
                    .contains("brew upgrade hyperkit"));
    assertThat(HyperkitFailure.explain(recorded("hyperkit-catalina-vmcs-shadowing.log"), hyperkit))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains(
                        "(vmx_init: processor does not support desired secondary processor-based controls)"));
    assertThat(
            HyperkitFailure.explain("linkname /s/tty\nCOM1 connected to /dev/ttys004\n", hyperkit))
        .isEmpty();
  }

  @Test
  void pidFileIsOnlyDigits() {
    assertThat(HyperkitPidFile.parse("4242\n")).hasValue(4242);
    assertThat(HyperkitPidFile.parse("")).isEmpty();
    assertThat(HyperkitPidFile.parse("42 garbage")).isEmpty();
    assertThat(HyperkitPidFile.isHyperkit("/usr/local/bin/hyperkit")).isTrue();
    assertThat(HyperkitPidFile.isHyperkit("/usr/bin/java")).isFalse();
  }

  private HyperkitDriver driver(
      ScriptedRunner runner, Path hyperkit, Path leases, AtomicBoolean engine, Duration timeout)
      throws IOException {
    return driver(runner, hyperkit, GuestArch.AMD64, leases, engine, timeout);
  }

  private HyperkitDriver driver(
      ScriptedRunner runner,
      Path hyperkit,
      GuestArch hostArch,
      Path leases,
      AtomicBoolean engine,
      Duration timeout)
      throws IOException {
    var image = temp.resolve("guest");
    Files.createDirectories(image);
    Files.writeString(image.resolve("vmlinuz"), "kernel");
    Files.writeString(image.resolve("initramfs.img"), "initramfs");
    return new HyperkitDriver(
        runner,
        hyperkit,
        hostArch,
        GuestImage.in(image),
        temp.resolve("machines"),
        leases,
        new DockerContextWriter(temp.resolve("docker")),
        endpoint -> engine.get() ? Optional.empty() : Optional.of("connection refused"),
        timeout,
        Duration.ofMillis(20));
  }

  private Path fakeHyperkit() throws IOException {
    var file = Files.writeString(temp.resolve("hyperkit"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  @Test
  void startFindsTheGuestByItsLeaseStopsWithSigtermAndDeletesItsFiles() throws Exception {
    var runner = new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0]));
    var leases = temp.resolve("dhcpd_leases");
    var engine = new AtomicBoolean(true);
    var driver = driver(runner, fakeHyperkit(), leases, engine, Duration.ofMinutes(1));
    driver.configure(
        new VmConfig(
            "minikube", 4, 4096, 8, VmConfig.Engine.MOBY)); // the guest name in the recording

    driver.start();
    driver.start();

    assertThat(runner.launched).hasSize(1);
    assertThat(runner.commands.getFirst()).contains("-c", "4", "-m", "4096M");
    assertThat(Files.size(driver.folder().resolve("data.raw"))).isEqualTo(8L << 30);
    assertThat(driver.status()).isInstanceOf(VmStatus.Starting.class);
    Files.copy(
        HyperkitTest.class.getResourceAsStream("dhcpd_leases"),
        leases,
        StandardCopyOption.REPLACE_EXISTING);
    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Running);
    assertThat(((VmStatus.Running) driver.status()).engine().host().toString())
        .isEqualTo("tcp://192.168.105.30:2376");

    driver.stop(Duration.ofSeconds(5));

    assertThat(runner.launched.getFirst().destroyed).isTrue();
    assertThat(driver.status()).isInstanceOf(VmStatus.Stopped.class);
    driver.delete();
    assertThat(driver.folder()).doesNotExist();
    driver.close();
  }

  @Test
  void hyperkitDyingIsAnErrorAndAGuestWithoutAnAddressTimesOut() throws Exception {
    var runner = new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0]));
    var driver =
        driver(
            runner,
            fakeHyperkit(),
            temp.resolve("no-leases"),
            new AtomicBoolean(false),
            Duration.ofMillis(300));

    driver.start();

    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Error);
    assertThat(((VmStatus.Error) driver.status()).reason())
        .contains("did not answer")
        .contains("no network address");
    driver.close();
  }

  @Test
  void hyperkitRefusedVmnetIsAnErrorSayingToMakeItSetUidRoot() throws Exception {
    var runner = new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0]));
    var hyperkit = fakeHyperkit();
    var driver =
        driver(
            runner,
            hyperkit,
            temp.resolve("no-leases"),
            new AtomicBoolean(false),
            Duration.ofMinutes(1));
    driver.start();

    Files.writeString(
        driver.folder().resolve("hyperkit.log"),
        recorded("hyperkit-vmnet-denied.log"),
        StandardOpenOption.APPEND);
    runner.launched.getFirst().exit(1);

    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Error);
    assertThat(((VmStatus.Error) driver.status()).reason())
        .contains("vmnet")
        .contains("sudo chmod u+s " + hyperkit)
        .contains("exited with code 1");
    driver.close();
  }

  @Test
  void missingHyperkitSaysHowToInstallIt() throws Exception {
    var runner = new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0]));
    var driver =
        driver(
            runner,
            temp.resolve("nowhere/hyperkit"),
            temp.resolve("l"),
            new AtomicBoolean(true),
            Duration.ofMinutes(1));

    assertThatThrownBy(driver::start)
        .isInstanceOf(VmException.class)
        .hasMessageContaining("brew install hyperkit");
    assertThat(runner.launched).isEmpty();
    assertThat(List.of(driver.status())).first().isInstanceOf(VmStatus.Error.class);
    driver.close();
  }

  @Test
  void onAppleSiliconHyperkitIsNotOfferedAndSaysWhichDriverToUse() throws Exception {
    var driver =
        driver(
            new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0])),
            fakeHyperkit(),
            GuestArch.ARM64,
            temp.resolve("leases"),
            new AtomicBoolean(true),
            Duration.ofSeconds(5));
    var capabilities = driver.capabilities();
    assertThat(capabilities.available()).isFalse();
    assertThat(capabilities.unavailableReason().orElseThrow())
        .contains("only on Intel Macs")
        .contains("QEMU driver");
  }

  @Test
  void anArm64GuestBuildIsRefusedByName() throws Exception {
    var driver =
        driver(
            new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0])),
            fakeHyperkit(),
            temp.resolve("leases"),
            new AtomicBoolean(true),
            Duration.ofSeconds(5));
    Files.writeString(temp.resolve("guest/manifest.txt"), "arch arm64\n");
    var rebuilt =
        driver(
            new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0])),
            fakeHyperkit(),
            temp.resolve("leases"),
            new AtomicBoolean(true),
            Duration.ofSeconds(5));
    assertThat(driver.capabilities().available()).isTrue();
    assertThat(rebuilt.capabilities().unavailableReason().orElseThrow())
        .contains("only an amd64 guest")
        .contains("arm64");
  }

  @Test
  void startHandsTheGuestTheFilesFwCfgCarriesOnAConfigDisk() throws Exception {
    var runner = new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0]));
    var driver =
        driver(
            runner,
            fakeHyperkit(),
            temp.resolve("no-leases"),
            new AtomicBoolean(false),
            Duration.ofMinutes(1));
    driver.configure(new VmConfig("minikube", 2, 2048, 4, VmConfig.Engine.CONTAINERD));

    driver.start();

    var members = new LinkedHashMap<String, String>();
    try (var tar = new TarArchiveInputStream(Files.newInputStream(driver.configDisk()))) {
      for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (!entry.isDirectory())
          members.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    var server = driver.folder().resolve("tls/server");
    assertThat(members)
        .containsOnlyKeys(
            "drover-config/ca.pem",
            "drover-config/server-cert.pem",
            "drover-config/server-key.pem",
            "drover-config/engine",
            "drover-config/name",
            "drover-config/driver")
        .containsEntry("drover-config/engine", "containerd")
        .containsEntry("drover-config/name", "minikube")
        .containsEntry("drover-config/driver", "hyperkit")
        .containsEntry(
            "drover-config/server-key.pem", Files.readString(server.resolve("server-key.pem")));
    assertThat(runner.commands.getFirst())
        .contains("4:0,virtio-blk," + driver.configDisk())
        .last()
        .asString()
        .endsWith("drover.net=dhcp");
    driver.close();
  }

  @Test
  void aProxyOnThisComputersLoopbackReachesTheGuestAtVmnetsHostAddress() throws Exception {
    var runner = new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0]));
    var driver =
        driver(
            runner,
            fakeHyperkit(),
            temp.resolve("no-leases"),
            new AtomicBoolean(false),
            Duration.ofMinutes(1));
    driver.configure(
        new VmConfig(
            "minikube",
            2,
            2048,
            4,
            VmConfig.Engine.MOBY,
            VmNetwork.NONE.withProxy(
                new ProxySettings("http://127.0.0.1:3128", "http://localhost:3128", "")),
            List.of()));

    driver.start();

    String proxyEnv = null;
    try (var tar = new TarArchiveInputStream(Files.newInputStream(driver.configDisk()))) {
      for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.getName().equals("drover-config/proxy.env"))
          proxyEnv = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    assertThat(proxyEnv)
        .as("the config disk's proxy.env")
        .contains("export HTTP_PROXY='http://192.168.64.1:3128'")
        .contains("export HTTPS_PROXY='http://192.168.64.1:3128'");
    driver.close();
  }

  @Test
  void serverCertificateNamesVmnetsAddressesAndTheGuestsEarlierLease() throws Exception {
    var leases = temp.resolve("dhcpd_leases");
    Files.copy(HyperkitTest.class.getResourceAsStream("dhcpd_leases"), leases);
    var driver =
        driver(
            new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0])),
            fakeHyperkit(),
            leases,
            new AtomicBoolean(false),
            Duration.ofMinutes(1));
    driver.configure(new VmConfig("minikube", 2, 2048, 4, VmConfig.Engine.MOBY));

    driver.create();

    var names = new VmCertificates(driver.folder().resolve("tls")).serverAddresses();
    assertThat(names)
        .contains(
            InetAddress.ofLiteral("192.168.64.2"),
            InetAddress.ofLiteral("192.168.64.254"),
            // bootpd's newest lease for the name, on a network set up otherwise (socket_vmnet's)
            InetAddress.ofLiteral("192.168.105.30"))
        .doesNotContain(InetAddress.ofLiteral("192.168.64.1"));
    driver.close();
  }

  @Test
  void aLeaseOutsideVmnetsUsualNetworkGetsTheCertificateNamingItAndSaysToStartAgain()
      throws Exception {
    var leases = temp.resolve("dhcpd_leases");
    var driver =
        driver(
            new ScriptedRunner(c -> ScriptedRunner.ok(new byte[0])),
            fakeHyperkit(),
            leases,
            new AtomicBoolean(false),
            Duration.ofMillis(500));
    driver.configure(new VmConfig("minikube", 2, 2048, 4, VmConfig.Engine.MOBY));
    driver.start();
    // the guest leased 192.168.105.30 (socket_vmnet's network) once it booted
    Files.copy(HyperkitTest.class.getResourceAsStream("dhcpd_leases"), leases);

    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Error);
    assertThat(((VmStatus.Error) driver.status()).reason())
        .contains("192.168.105.30")
        .contains("from the next start");
    assertThat(new VmCertificates(driver.folder().resolve("tls")).serverAddresses())
        .contains(InetAddress.ofLiteral("192.168.105.30"));
    driver.close();
  }
}
