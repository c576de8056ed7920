package dev.drover.tests.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.drover.engine.DockerClients;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.RunVerdicts;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.hyperkit.HyperkitDriver;
import dev.drover.vm.process.EngineProbe;
import dev.drover.vm.process.ProcessRunner;
import dev.drover.vm.process.SystemProcessRunner;
import dev.drover.vm.qemu.AcceleratorProbe;
import dev.drover.vm.qemu.QemuDriver;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The guest as Hyperkit boots it, proven on Linux: the amd64 guest under QEMU configured the
 * Hyperkit way, started by {@link HyperkitDriver} itself. Its hyperkit command line is carried out
 * by QEMU with the same kernel, initramfs, command line and disks (the data disk, then the config
 * disk instead of fw_cfg), and the network is a tap device standing in for vmnet: the host at
 * vmnet's 192.168.64.1/24 and Debian's dnsmasq as its DHCP server, which records each lease in
 * bootpd's /var/db/dhcpd_leases format, where the driver looks the guest up by name. The host then
 * reaches dockerd over mutual TLS at the leased address, no port forwarded, and the server
 * certificate names it. One boot; its time is printed.
 *
 * <p>Needs root (the tap device), qemu-system-x86_64, dnsmasq (dnsmasq-base) and the guest build
 * (DROVER_GUEST_IMAGE); ./run-tests.sh provides them. Every host change (the tap device with its
 * address, the dnsmasq process) is undone in {@link #putTheHostBack}, also after a failure; no
 * firewall rule or sysctl is changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HyperkitWayGuestVmIT {

  private static final Duration BOOT = Duration.ofMinutes(10);
  private static final String TAP = "drvhk0";
  private static final String HOST_ADDRESS = "192.168.64.1";
  private static final String VM_NAME = "drover-hkit";

  private Path work;
  private Path qemu;
  private boolean tapCreated;
  private Process dnsmasq;
  private HyperkitDriver driver;
  private DockerClient docker;
  private String leased;
  private double startSeconds;

  @BeforeAll
  void bootTheGuestTheHyperkitWay() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      RealParts.missing("a tap device needs root; the tests run as root under ./run-tests.sh");
    }
    qemu =
        QemuDriver.findQemu(System.getenv(), GuestArch.AMD64)
            .map(found -> found[0])
            .orElseGet(
                () -> {
                  RealParts.missing(
                      "qemu-system-x86_64 is not installed (Debian's qemu-system-x86);"
                          + " ./run-tests.sh installs it");
                  return null;
                });
    var dnsmasqProgram =
        RealParts.requireExecutable(
            Path.of("/usr/sbin/dnsmasq"), "Debian's dnsmasq-base; ./run-tests.sh installs it");
    var guest =
        GuestImage.in(
            Path.of(
                RealParts.require(
                    "DROVER_GUEST_IMAGE",
                    "no guest build (vm-bridge/guest/build-guest.sh makes one)")));
    guest.missing().ifPresent(RealParts::missing);
    var routes = run("ip", "-4", "route", "show", "192.168.64.0/24");
    if (!routes.isBlank() || run("ip", "-o", "link", "show").contains(" " + TAP + ":")) {
      RealParts.missing(
          "192.168.64.0/24 or the link " + TAP + " is in use on this host: " + routes.strip());
    }
    work = Files.createTempDirectory("drover-hyperkit-way-it");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));

    run("ip", "tuntap", "add", "dev", TAP, "mode", "tap");
    tapCreated = true;
    run("ip", "addr", "add", HOST_ADDRESS + "/24", "dev", TAP);
    run("ip", "link", "set", TAP, "up");

    // bootpd's lease file, written by dnsmasq's lease script as bootpd writes it (one block per
    // lease, newest first), so the driver finds the guest exactly as on a Mac.
    var leases = work.resolve("dhcpd_leases");
    var script = work.resolve("bootpd-leases.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        # dnsmasq calls: add|old|del MAC IP [HOSTNAME]
        [ "$1" = del ] && exit 0
        { printf '{\\n\\tname=%s\\n\\tip_address=%s\\n\\thw_address=1,%s\\n\\tidentifier=1,%s\\n\\tlease=0x%x\\n}\\n' \
            "$4" "$3" "$2" "$2" "${DNSMASQ_LEASE_EXPIRES:-0}"
          cat "$0.leases" 2>/dev/null; } > "$0.new"
        cp "$0.new" "$0.leases" && mv "$0.new" "LEASE_FILE"
        """
            .replace("LEASE_FILE", leases.toString()));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    dnsmasq =
        new ProcessBuilder(
                dnsmasqProgram.toString(),
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--port=0", // DHCP only: no name server
                "--interface=" + TAP,
                "--bind-interfaces",
                "--dhcp-range=192.168.64.2,192.168.64.254,255.255.255.0,1h",
                "--dhcp-option=option:router," + HOST_ADDRESS,
                "--dhcp-leasefile=" + work.resolve("dnsmasq.leases"),
                "--dhcp-script=" + script,
                "--user=root",
                "--group=root",
                "--log-dhcp",
                "--log-facility=" + work.resolve("dnsmasq.log"))
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("dnsmasq.out").toFile())
            .start();

    var accelerator =
        new AcceleratorProbe(
                qemu,
                GuestArch.AMD64,
                guest.kernel(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Duration.ofSeconds(10))
            .remembering(RunVerdicts.forThisRun())
            .probe()
            .accelerator()
            .qemuName();
    driver =
        new HyperkitDriver(
            new HyperkitByQemu(qemu, accelerator),
            qemu, // stands for the hyperkit executable: HyperkitByQemu runs its command line
            GuestArch.AMD64,
            guest,
            work.resolve("machines"),
            leases,
            new DockerContextWriter(work.resolve("docker-config")),
            EngineProbe.forEngine(),
            BOOT,
            Duration.ofMillis(500));
    driver.configure(new VmConfig(VM_NAME, 2, 2048, 4, VmConfig.Engine.MOBY));
    var started = System.nanoTime();
    driver.start();
    try {
      await("the engine at the guest's leased address")
          .atMost(BOOT.plusSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .failFast("the VM failed", () -> driver.status() instanceof VmStatus.Error)
          .until(() -> driver.status() instanceof VmStatus.Running);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "the guest did not come up the Hyperkit way: "
              + driver.status()
              + "\nconsole:\n"
              + String.join("\n", driver.consoleTail(40))
              + "\ndnsmasq:\n"
              + (Files.exists(work.resolve("dnsmasq.log"))
                  ? Files.readString(work.resolve("dnsmasq.log"))
                  : "(no log)"),
          e);
    }
    startSeconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "amd64 guest the Hyperkit way (qemu-system-x86_64, %s, config disk, DHCP): start to a"
            + " running engine at its leased address in %.1f s%n",
        accelerator, startSeconds);
    leased = driver.guestAddress().orElseThrow();
    docker =
        DockerClients.open(((VmStatus.Running) driver.status()).engine(), Duration.ofSeconds(60));
  }

  @AfterAll
  void putTheHostBack() throws Exception {
    var problems = new ArrayList<String>();
    try {
      if (docker != null) docker.close();
      if (driver != null) {
        driver.delete();
        driver.close();
      }
    } catch (Exception e) {
      problems.add("the VM: " + e);
    }
    if (dnsmasq != null) {
      dnsmasq.destroy();
      if (!dnsmasq.waitFor(10, TimeUnit.SECONDS)) dnsmasq.destroyForcibly().waitFor();
    }
    if (tapCreated) {
      try {
        run("ip", "link", "del", TAP); // its address and route go with it
      } catch (IOException e) {
        problems.add(e.getMessage());
      }
    }
    if (work != null && Files.exists(work)) {
      try (var paths = Files.walk(work)) {
        for (var path : paths.sorted(Comparator.reverseOrder()).toList())
          Files.deleteIfExists(path);
      }
    }
    assertThat(problems).as("putting the host back").isEmpty();
  }

  @Test
  @Order(1)
  void theGuestTookItsAddressByDhcpUnderTheVmsNameAndTheHostReachesDockerdThere() {
    var engine = ((VmStatus.Running) driver.status()).engine();
    assertThat(engine.host().toString()).isEqualTo("tcp://" + leased + ":2376");
    assertThat(leased).startsWith("192.168.64.");
    assertThat(docker.pingCmd().exec()).isNull();
    assertThat(docker.infoCmd().exec().getArchitecture()).isEqualTo("x86_64");
  }

  @Test
  @Order(2)
  void theSettingsCameFromTheConfigDiskNotFwCfg() throws IOException {
    var console = Files.readString(driver.consoleLog(), StandardCharsets.UTF_8);
    assertThat(console)
        .contains("drover-guest: settings from the config disk /dev/vdb")
        .contains("drover-guest: address " + leased + " from DHCP as " + VM_NAME)
        .contains("drover-guest: starting dockerd (mutual TLS on port 2376)");
  }

  @Test
  @Order(3)
  void theServerCertificateNamesTheLeasedAddressAndPassesHostnameVerification() throws Exception {
    var certificates = new VmCertificates(driver.folder().resolve("tls"));
    assertThat(certificates.serverAddresses()).contains(InetAddress.ofLiteral(leased));
    // What the Docker CLI does with a tcp:// host, and Java's HTTP client with every https URL:
    // check the server certificate's names against the address connected to.
    try (var https =
        HttpClient.newBuilder()
            .sslContext(clientTls(certificates.clientFolder()))
            .connectTimeout(Duration.ofSeconds(10))
            .build()) {
      var ping =
          https.send(
              HttpRequest.newBuilder(URI.create("https://" + leased + ":2376/_ping"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ping.statusCode()).isEqualTo(200);
      assertThat(ping.body()).isEqualTo("OK");
      var server = (X509Certificate) ping.sslSession().orElseThrow().getPeerCertificates()[0];
      assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=drover-" + VM_NAME);
    }
  }

  @Test
  @Order(4)
  void aBindOfAHostFolderIsRefusedNamingTheQemuDriverNotSharedFolders() throws IOException {
    var project = Files.createDirectories(work.resolve("project"));
    Files.writeString(project.resolve("app.txt"), "on the host only");
    // The engine's authorization check answers before the image is looked up, so none is needed.
    var refused =
        catchThrowableOfType(
            DockerException.class,
            () ->
                docker
                    .createContainerCmd("drover-it-no-image-needed")
                    .withHostConfig(
                        HostConfig.newHostConfig()
                            .withBinds(new Bind(project.toString(), new Volume("/app"))))
                    .exec());
    assertThat(refused).as("docker create with a bind of a host folder").isNotNull();
    assertThat(refused.getMessage())
        .contains(
            "authorization denied",
            project.toString(),
            "the Hyperkit VM does not see this computer's folders",
            "Host folders need the QEMU driver",
            "Settings → Virtual machine → Driver")
        .doesNotContain("Shared folders", "sharedFolders");
  }

  /**
   * The client's TLS: the VM's CA as the only trust, the client certificate and key as identity.
   */
  private static SSLContext clientTls(Path folder) throws Exception {
    var x509 = CertificateFactory.getInstance("X.509");
    Certificate ca;
    Certificate cert;
    try (var in = Files.newInputStream(folder.resolve("ca.pem"))) {
      ca = x509.generateCertificate(in);
    }
    try (var in = Files.newInputStream(folder.resolve("cert.pem"))) {
      cert = x509.generateCertificate(in);
    }
    PrivateKey key;
    try (var pem = new PEMParser(Files.newBufferedReader(folder.resolve("key.pem")))) {
      var converter = new JcaPEMKeyConverter();
      var object = pem.readObject();
      key =
          object instanceof PEMKeyPair pair
              ? converter.getKeyPair(pair).getPrivate()
              : converter.getPrivateKey((PrivateKeyInfo) object);
    }
    var trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    var identity = KeyStore.getInstance(KeyStore.getDefaultType());
    identity.load(null, null);
    identity.setKeyEntry("client", key, new char[0], new Certificate[] {cert});
    var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(identity, new char[0]);
    var tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return tls;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
    return output;
  }

  /**
   * Runs hyperkit's command line with QEMU on this Linux machine: the same kernel, initramfs and
   * kernel command line (-f kexec), CPUs, memory, disks in the same order, and the serial console
   * into hyperkit's log file; the network card on the tap device instead of vmnet.
   */
  private static final class HyperkitByQemu implements ProcessRunner {
    private final Path qemu;
    private final String accelerator;
    private final SystemProcessRunner system = new SystemProcessRunner();

    HyperkitByQemu(Path qemu, String accelerator) {
      this.qemu = qemu;
      this.accelerator = accelerator;
    }

    @Override
    public Result run(List<String> command, Duration timeout)
        throws IOException, InterruptedException {
      return system.run(command, timeout);
    }

    @Override
    public Running launch(List<String> hyperkit, Path output) throws IOException {
      var args =
          new ArrayList<>(
              List.of(
                  qemu.toString(),
                  "-nodefaults",
                  "-no-user-config",
                  "-display",
                  "none",
                  "-no-reboot",
                  "-accel",
                  accelerator,
                  "-machine",
                  GuestArch.AMD64.machine(),
                  "-cpu",
                  accelerator.equals("tcg") ? "max" : "host"));
      for (int i = 0; i < hyperkit.size() - 1; i++) {
        var option = hyperkit.get(i);
        var value = hyperkit.get(i + 1);
        switch (option) {
          case "-c" -> args.addAll(List.of("-smp", value));
          case "-m" -> args.addAll(List.of("-m", value));
          case "-F" -> args.addAll(List.of("-pidfile", value));
          case "-l" ->
              args.addAll(
                  List.of("-serial", "file:" + value.substring(value.indexOf(",log=") + 5)));
          case "-f" -> {
            var kexec = value.split(",", 4); // kexec,kernel,initramfs,command line
            args.addAll(List.of("-kernel", kexec[1], "-initrd", kexec[2], "-append", kexec[3]));
          }
          case "-s" -> {
            var device = value.split(",", 3);
            if (device.length == 3 && device[1].equals("virtio-blk")) {
              args.addAll(List.of("-drive", "if=virtio,format=raw,file=" + device[2]));
            } else if (device.length >= 2 && device[1].equals("virtio-net")) {
              args.addAll(
                  List.of(
                      "-netdev",
                      "tap,id=vmnet,ifname=" + TAP + ",script=no,downscript=no",
                      "-device",
                      "virtio-net-pci,netdev=vmnet"));
            } else if (device.length >= 2 && device[1].equals("virtio-rnd")) {
              args.addAll(List.of("-device", "virtio-rng-pci"));
            }
          }
          default -> {}
        }
      }
      return system.launch(List.copyOf(args), output);
    }
  }
}
