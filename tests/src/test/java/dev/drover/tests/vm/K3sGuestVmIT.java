package dev.drover.tests.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.drover.cli.CliEnvironment;
import dev.drover.cli.DroverCli;
import dev.drover.cli.KubeServices;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigMerger;
import dev.drover.kube.k3s.ApiReadiness;
import dev.drover.kube.k3s.K3sArch;
import dev.drover.kube.k3s.K3sBinaries;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sHttp;
import dev.drover.kube.k3s.K3sReleaseSite;
import dev.drover.kube.k3s.K3sVersion;
import dev.drover.kube.k3s.K3sVersions;
import dev.drover.kube.local.VmK3sGuest;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.RunVerdicts;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmDriver;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.guest.HelperImage;
import dev.drover.vm.guest.VmGuest;
import dev.drover.vm.host.UserFolders;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.instance.VmLock;
import dev.drover.vm.instance.VmOwner;
import dev.drover.vm.network.ProxySettings;
import dev.drover.vm.network.VmNetwork;
import dev.drover.vm.qemu.AcceleratorProbe;
import dev.drover.vm.qemu.QemuDriver;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;

/**
 * The k3s provisioning's guest side against the real Drover VM (one boot under QEMU, one restart):
 * files in and out, commands, a forwarded guest port, and {@link K3sCluster#enable} with a locally
 * served release whose "k3s" is NOT k3s (no k3s build can be obtained here) but a stand-in that
 * checks, in the real guest and the way k3s is started there, each thing a real k3s needs — kernel
 * modules loadable, sysctls, cgroup v2 controllers delegated, iptables/ipset/conntrack, its state
 * on the persistent data disk, the airgap images where k3s imports them, and a root that runc's
 * pivot_root can leave — and exits naming what is missing. This JVM owns the VM as the app would
 * (lock, status file, control socket in a per-test {@code DROVER_CONFIG_HOME}), so {@code drover
 * kube} and {@code drover vm restart} meet it as they meet a running VM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class K3sGuestVmIT {

  private static final Duration BOOT = Duration.ofMinutes(5);
  private static final K3sVersion VERSION = K3sVersion.of("v1.31.2+k3s1");

  /**
   * Not k3s: a stand-in for it. It first checks, in the real guest, what a real k3s needs there (as
   * k3s's check-config and its flannel, kube-proxy and network policy controller use it) and exits
   * naming everything missing; then it does what Drover relies on k3s for: records a start in its
   * data folder, writes its kubeconfig, serves on 6443 and runs until stopped.
   */
  private static final String K3S_STAND_IN =
      """
      #!/bin/sh
      # NOT k3s: Drover's test stand-in for it (K3sGuestVmIT).
      [ "$1" = server ] || exit 2
      missing=""
      need() { missing="$missing; $1"; }
      for m in overlay br_netfilter bridge veth vxlan ip_set ip_set_hash_ip ip_set_hash_net \
          ip_set_hash_ipport ip_set_hash_ipportip ip_set_hash_ipportnet xt_set xt_statistic xt_physdev \
          xt_REDIRECT xt_comment xt_mark xt_multiport xt_conntrack xt_addrtype xt_MASQUERADE nf_conntrack \
          nf_nat iptable_nat iptable_filter iptable_mangle ip6table_nat ip6table_filter xt_NFLOG nfnetlink_log; do
        modprobe "$m" 2>/dev/null || [ -d "/sys/module/$m" ] || need "kernel module $m"
      done
      for s in net/ipv4/ip_forward net/bridge/bridge-nf-call-iptables net/bridge/bridge-nf-call-ip6tables; do
        [ "$(cat "/proc/sys/$s" 2>/dev/null)" = 1 ] || need "sysctl $s = 1"
      done
      for c in cpu cpuset memory pids io; do
        grep -qw "$c" /sys/fs/cgroup/cgroup.subtree_control || need "cgroup v2 controller $c delegated"
      done
      for t in iptables ip6tables iptables-save iptables-restore conntrack ipset; do
        command -v "$t" >/dev/null || need "$t on the PATH"
      done
      iptables -t nat -S >/dev/null 2>&1 || need "iptables working (nat table)"
      ipset list >/dev/null 2>&1 || need "ipset working"
      conntrack -L >/dev/null 2>&1 || need "conntrack working"
      for d in /var/lib/rancher /etc/rancher /var/lib/kubelet /var/lib/cni; do
        case "$(df -P "$d" 2>/dev/null | awk 'NR == 2 {print $1}')" in
          /dev/vd*) ;;
          *) need "$d on the persistent data disk" ;;
        esac
      done
      ls /var/lib/rancher/k3s/agent/images/k3s-airgap-images-* >/dev/null 2>&1 \
        || need "airgap images in /var/lib/rancher/k3s/agent/images"
      # What runc does for every container k3s's containerd starts.
      unshare -m /bin/sh -c 'mount --make-rprivate / && d="$(mktemp -d)" && mount -t tmpfs none "$d" \
          && mkdir "$d/old" && cd "$d" && pivot_root . old' 2>/dev/null \
        || need "pivot_root out of the root k3s runs in (runc's way into a container)"
      if [ -n "$missing" ]; then
        echo "k3s stand-in: the guest lacks what k3s needs:${missing#;}" >&2
        exit 1
      fi
      # k3s pulls images through the proxy of Drover's Settings; its user and password stay unprinted.
      echo "k3s stand-in: proxy for image pulls ${HTTPS_PROXY##*@}"
      echo "k3s stand-in: every requirement checked is present"
      mkdir -p /var/lib/rancher/k3s/server
      date >> /var/lib/rancher/k3s/server/stand-in-starts
      ( while true; do echo stand-in-k3s-api | nc -l -p 6443; done ) &
      cat > /etc/rancher/k3s/k3s.yaml.tmp <<'YAML'
      apiVersion: v1
      clusters:
      - cluster:
          certificate-authority-data: Q0E=
          server: https://127.0.0.1:6443
        name: default
      contexts:
      - context:
          cluster: default
          user: default
        name: default
      current-context: default
      kind: Config
      preferences: {}
      users:
      - name: default
        user:
          client-certificate-data: Q0VSVA==
          client-key-data: S0VZ
      YAML
      mv /etc/rancher/k3s/k3s.yaml.tmp /etc/rancher/k3s/k3s.yaml
      exec sleep 600
      """;

  /** Stands in for k3s's airgap image archive: only where it lands is checked, not its content. */
  private static final byte[] AIRGAP_IMAGES = airgapImages();

  private static final String PROXY_WITH_PASSWORD = "http://drover:s3cret@proxy.drover.test:3128";

  private static final String STARTS = "/var/lib/rancher/k3s/server/stand-in-starts";

  private Path base;
  private VmInstance instance;
  private VmOwner owner;
  private Path stateRoot;
  private Path dockerConfig;
  private Path temp;
  private QemuDriver driver;
  private EngineEndpoint endpoint;
  private VmGuest vmGuest;
  private VmK3sGuest guest;
  private HelperImage helperImage;

  @BeforeAll
  void bootTheVm() throws Exception {
    var qemu =
        QemuDriver.findQemu(System.getenv(), GuestArch.ofHost(System.getProperty("os.arch")))
            .orElseGet(
                () ->
                    missing(
                        "QEMU (qemu-system-x86_64, qemu-img) is not installed; ./run-tests.sh installs it"));
    var imageFolder =
        Path.of(System.getenv().getOrDefault("DROVER_GUEST_IMAGE", "../vm-bridge/target/guest"));
    var image = GuestImage.in(imageFolder);
    image.missing().ifPresent(this::missing);
    base = Files.createTempDirectory("drover-k3svm-it");
    instance =
        VmInstance.forUser(
            Map.of(VmInstance.CONFIG_HOME_OVERRIDE, base.toString()),
            base,
            "Linux",
            DroverCli.VM_NAME);
    stateRoot = instance.machinesFolder();
    dockerConfig = Files.createTempDirectory("drover-k3svm-it-docker");
    temp = Files.createTempDirectory("drover-k3svm-it-host");
    driver =
        new QemuDriver(
            qemu[0],
            qemu[1],
            image,
            stateRoot,
            new DockerContextWriter(dockerConfig),
            new AcceleratorProbe(
                    qemu[0],
                    image.arch(),
                    image.kernel(),
                    System.getProperty("os.name"),
                    System.getProperty("os.arch"),
                    Duration.ofSeconds(10))
                .remembering(RunVerdicts.forThisRun()),
            BOOT);
    // A proxy from Settings (nothing here goes online, so it need not exist) must reach k3s too.
    driver.configure(
        new VmConfig(
            DroverCli.VM_NAME,
            2,
            2048,
            4,
            VmConfig.Engine.MOBY,
            VmNetwork.NONE.withProxy(new ProxySettings("", PROXY_WITH_PASSWORD, "")),
            List.of()));
    driver.start();
    await("the VM's engine")
        .atMost(BOOT.plusSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .failFast("the VM failed", () -> driver.status() instanceof VmStatus.Error)
        .until(() -> driver.status() instanceof VmStatus.Running);
    endpoint = ((VmStatus.Running) driver.status()).engine();
    // The VM is offline: the helper image is the guest's own, shipped beside it and loaded, as in
    // production.
    var helperImage = HelperImage.shippedIn(imageFolder);
    if (helperImage.archive().isEmpty())
      missing(
          "the guest image in "
              + imageFolder
              + " has no helper image; rebuild it with vm-bridge/guest/build-guest.sh");
    try (var docker = DockerClients.open(endpoint, Duration.ofSeconds(60))) {
      assertThat(docker.listImagesCmd().withReferenceFilter(helperImage.reference()).exec())
          .as("a fresh VM has no helper image until Drover loads it")
          .isEmpty();
    }
    instance.ensureFolder();
    owner =
        new VmOwner(
                instance,
                VmLock.tryAcquire(instance.lockFile()).orElseThrow(),
                driver,
                DriverKind.QEMU,
                false)
            .open();
    this.helperImage = helperImage;
    reachTheGuest();
  }

  /** The way into the guest, through the engine of the VM as it runs now. */
  private void reachTheGuest() {
    vmGuest =
        new VmGuest(
            () ->
                driver.status() instanceof VmStatus.Running running
                    ? Optional.of(running.engine())
                    : Optional.empty(),
            helperImage,
            () -> Optional.of(driver.guestPorts()));
    guest = new VmK3sGuest(vmGuest);
  }

  @AfterAll
  void deleteTheVm() throws Exception {
    if (vmGuest != null) vmGuest.close();
    if (owner != null) owner.close();
    if (driver != null) {
      driver.delete();
      driver.close();
    }
    for (var folder : new Path[] {base, dockerConfig, temp}) {
      if (folder == null || !Files.exists(folder)) continue;
      try (var paths = Files.walk(folder)) {
        for (var path : paths.sorted(Comparator.reverseOrder()).toList())
          Files.deleteIfExists(path);
      }
    }
  }

  @Test
  @Order(1)
  void aCommandRunsInTheGuestWithItsOutputAndExitCode() throws Exception {
    var result =
        guest.run(
            List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 7"), Duration.ofSeconds(60));
    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");

    // The guest's own root, not the helper container's (which holds busybox alone).
    assertThat(
            guest
                .run(List.of("/bin/sh", "-c", "command -v dockerd"), Duration.ofSeconds(60))
                .succeeded())
        .as("the guest's dockerd is visible")
        .isTrue();
    assertThat(guest.run(List.of("cat", "/proc/self/cgroup"), Duration.ofSeconds(60)).stdout())
        .as("commands leave the helper's cgroup, so daemons they start outlive it")
        .isEqualTo("0::/\n");
    assertThat(guest.architecture()).isEqualTo(K3sArch.AMD64);
  }

  @Test
  @Order(2)
  void aFileCopiedInIsReadBackWithItsMode() throws Exception {
    var content = new byte[200_000];
    new Random(5).nextBytes(content);
    var file = Files.write(temp.resolve("payload.bin"), content);
    var guestPath = "/opt/drover-it/" + UUID.randomUUID() + "/payload";

    guest.copyInto(file, guestPath, "0750");

    assertThat(guest.readFile(guestPath))
        .hasValueSatisfying(read -> assertThat(read).isEqualTo(content));
    assertThat(
            guest
                .run(List.of("stat", "-c", "%a", guestPath), Duration.ofSeconds(60))
                .stdout()
                .strip())
        .isEqualTo("750");
    assertThat(guest.readFile("/opt/drover-it/no-such-file")).isEmpty();
    guest.writeFile("/opt/drover-it/text", "replaced\n".getBytes(StandardCharsets.UTF_8), "0600");
    guest.writeFile(
        "/opt/drover-it/text", "written twice\n".getBytes(StandardCharsets.UTF_8), "0600");
    assertThat(
            new String(guest.readFile("/opt/drover-it/text").orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("written twice\n");
  }

  @Test
  @Order(3)
  void aForwardedGuestPortAnswersOnHostLoopbackAndStopsWhenClosed() throws Exception {
    var guestPort = 7443;
    guest.run(
        List.of(
            "/bin/sh",
            "-c",
            "( while true; do echo guest-says-hello | nc -l -p "
                + guestPort
                + "; done ) >/dev/null 2>&1 </dev/null & echo $! > /run/drover-it-nc.pid"),
        Duration.ofSeconds(60));
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // The preferred port is in use on the host: another free one is taken and reported.
      var forward = guest.forward(guestPort, taken.getLocalPort());
      try {
        assertThat(forward.hostPort()).isNotEqualTo(taken.getLocalPort());
        await("the guest's answer on 127.0.0.1:" + forward.hostPort())
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .ignoreExceptions()
            .until(() -> firstLine(forward.hostPort()), "guest-says-hello"::equals);
      } finally {
        forward.close();
      }
      try (var free = new ServerSocket(forward.hostPort(), 1, InetAddress.getLoopbackAddress())) {
        assertThat(free.getLocalPort())
            .as("the host port is free again after close")
            .isEqualTo(forward.hostPort());
      }
    } finally {
      guest.run(
          List.of("/bin/sh", "-c", "kill $(cat /run/drover-it-nc.pid)"), Duration.ofSeconds(60));
    }
  }

  @Test
  @Order(4)
  void enablingKubernetesWithTheK3sStandInFindsEverythingK3sNeedsForwardsTheApiAndMergesTheContext()
      throws Exception {
    var binary = K3S_STAND_IN.getBytes(StandardCharsets.UTF_8);
    var served = new CopyOnWriteArrayList<String>();
    var folder = "/download/" + VERSION.tag() + "/";
    var release = serveRelease(served);
    var kubeconfigFile = temp.resolve("home/.kube/config");
    Files.createDirectories(kubeconfigFile.getParent());
    Files.writeString(
        kubeconfigFile,
        """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster: {server: https://company.example:6443}
                  name: company
                contexts:
                - context: {cluster: company, user: me}
                  name: company
                current-context: company
                users:
                - name: me
                  user: {token: secret}
                """);
    var probed = new CopyOnWriteArrayList<String>();
    try (var http = K3sHttp.newClient()) {
      var binaries =
          new K3sBinaries(
              http,
              K3sReleaseSite.at(
                  URI.create("http://127.0.0.1:" + release.getAddress().getPort() + "/")),
              temp.resolve("cache"));
      // Readiness as far as the stand-in can answer: its "API" line, through the forward.
      var cluster =
          new K3sCluster(
              guest,
              binaries,
              new KubeconfigMerger(KubeconfigFiles.of(kubeconfigFile)),
              (kubeconfig, context) -> {
                var server =
                    URI.create(
                        kubeconfig
                            .lines()
                            .filter(l -> l.strip().startsWith("server:"))
                            .findFirst()
                            .orElseThrow()
                            .strip()
                            .substring("server:".length())
                            .strip()
                            .replaceAll("[\"']", ""));
                probed.add(server.toString());
                try {
                  return "stand-in-k3s-api".equals(firstLine(server.getPort()));
                } catch (IOException notYet) {
                  return false;
                }
              },
              Duration.ofMinutes(3));
      try {
        var status =
            cluster.enable(
                new K3sCluster.Options(VERSION, false, 16443), K3sCluster.Progress.none());

        assertThat(status.state())
            .as("the stand-in found everything k3s needs: %s", standInLog())
            .isEqualTo(K3sCluster.State.RUNNING);
        assertThat(standInLog())
            .contains("k3s stand-in: every requirement checked is present")
            .contains("k3s stand-in: proxy for image pulls proxy.drover.test:3128");
        var apiPort = status.apiPort().orElseThrow();
        assertThat(served)
            .contains(
                folder + K3sArch.AMD64.binaryAsset(),
                folder + K3sArch.AMD64.airgapImageAssets().getFirst());
        assertThat(
                guest.readFile(
                    K3sCluster.IMAGES_FOLDER + "/" + K3sArch.AMD64.airgapImageAssets().getFirst()))
            .as("the airgap images are where k3s imports them")
            .hasValueSatisfying(read -> assertThat(read).isEqualTo(AIRGAP_IMAGES));
        assertThat(guest.readFile("/usr/local/bin/k3s"))
            .hasValueSatisfying(read -> assertThat(read).isEqualTo(binary));
        assertThat(
                new String(
                    guest.readFile("/etc/rancher/k3s/config.yaml").orElseThrow(),
                    StandardCharsets.UTF_8))
            .contains("disable:\n  - traefik", "tls-san");
        assertThat(
                guest
                    .run(List.of("/usr/local/bin/drover-k3s", "status"), Duration.ofSeconds(60))
                    .stdout())
            .isEqualTo("running\n");
        var pid =
            new String(guest.readFile("/run/drover-k3s.pid").orElseThrow(), StandardCharsets.UTF_8)
                .strip();
        assertThat(
                guest
                    .run(List.of("cat", "/proc/" + pid + "/cgroup"), Duration.ofSeconds(60))
                    .stdout())
            .as("k3s runs outside the helper container's cgroup")
            .isEqualTo("0::/\n");
        assertThat(probed)
            .isNotEmpty()
            .allSatisfy(server -> assertThat(server).isEqualTo("https://127.0.0.1:" + apiPort));
        await("the API on 127.0.0.1:" + apiPort)
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .ignoreExceptions()
            .until(() -> firstLine(apiPort), "stand-in-k3s-api"::equals);
        var merged =
            new KubernetesSerialization().unmarshal(Files.readString(kubeconfigFile), Config.class);
        assertThat(merged.getContexts())
            .extracting(NamedContext::getName)
            .containsExactlyInAnyOrder("company", "drover");
        assertThat(merged.getClusters())
            .filteredOn(c -> c.getName().equals("drover"))
            .singleElement()
            .satisfies(
                c ->
                    assertThat(c.getCluster().getServer())
                        .isEqualTo("https://127.0.0.1:" + apiPort));
        assertThat(merged.getCurrentContext())
            .as("the user's current context is kept")
            .isEqualTo("company");
        assertThat(Files.getPosixFilePermissions(kubeconfigFile))
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        assertThat(cluster.disable().state()).isEqualTo(K3sCluster.State.STOPPED);
        assertThat(
                guest
                    .run(List.of("/usr/local/bin/drover-k3s", "status"), Duration.ofSeconds(60))
                    .exitCode())
            .as("disabling stops k3s in the VM")
            .isEqualTo(3);
        assertThat(
                guest
                    .run(List.of("/bin/sh", "-c", "kill -0 " + pid), Duration.ofSeconds(60))
                    .succeeded())
            .isFalse();
        try (var free = new ServerSocket(apiPort, 1, InetAddress.getLoopbackAddress())) {
          assertThat(free.getLocalPort()).as("the API forward is gone").isEqualTo(apiPort);
        }
      } finally {
        cluster.close();
        release.stop(0);
      }
    }
  }

  /**
   * {@code drover kube enable} in this process with the production way into the guest ({@link
   * DroverCli#guests}: the helper container, QEMU's control socket), then {@code drover kube
   * status} and {@code disable} as separate processes of the real {@code drover} main: the API's
   * forward outlives the command that made it and is found, and removed, by another.
   */
  @Test
  @Order(5)
  void theCommandsEnableLeavesTheApiForwardInTheVmAndAnotherProcessFindsAndRemovesIt()
      throws Exception {
    var release = serveRelease(new CopyOnWriteArrayList<>());
    var kubeconfigFile = temp.resolve("cli-home/.kube/config");
    var cache = base.resolve("cache").resolve("k3s"); // where the command's own process looks
    int apiPort;
    try (var http = K3sHttp.newClient()) {
      var site =
          K3sReleaseSite.at(URI.create("http://127.0.0.1:" + release.getAddress().getPort() + "/"));
      var kube =
          new KubeServices(
              () -> new K3sVersions(http, site, cache),
              () -> new K3sBinaries(http, site, cache),
              DroverCli.guests(instance),
              reached ->
                  new K3sCluster(
                      reached,
                      new K3sBinaries(http, site, cache),
                      new KubeconfigMerger(KubeconfigFiles.of(kubeconfigFile)),
                      standInAnswers(),
                      Duration.ofMinutes(3)));
      var env =
          new CliEnvironment(
              instance,
              UserFolders.forUser(
                  Map.of(VmInstance.CONFIG_HOME_OVERRIDE, base.toString()), base, "Linux"),
              new CliEnvironment.Drivers() {
                @Override
                public VmDriver create(VmInstance unused, VmSettings settings) {
                  throw new AssertionError("the test owns the VM");
                }

                @Override
                public DriverKind kind(VmSettings settings) {
                  return DriverKind.QEMU;
                }
              },
              unused -> {
                throw new AssertionError("the test owns the VM");
              },
              Duration.ofMinutes(1));
      var out = new StringWriter();
      var err = new StringWriter();
      var command = DroverCli.commandLine(env, kube);
      command.setOut(new PrintWriter(out, true));
      command.setErr(new PrintWriter(err, true));

      var code =
          command.execute(
              "kube", "enable", "--k3s-version", VERSION.tag(), "--no-traefik", "--json");

      assertThat(code).as(err.toString()).isZero();
      var enabled = json(out.toString());
      assertThat(enabled.path("state").asText()).isEqualTo("RUNNING");
      apiPort = enabled.path("apiPort").asInt();
    } finally {
      release.stop(0);
    }

    // The command has returned: its cluster service, guest, engine client and HTTP client are
    // closed.
    var api = apiPort;
    // The stand-in's API is nc in a loop: between two connections it listens again, hence the
    // retries.
    await("the API answering on 127.0.0.1:" + api + " after the command ended")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(() -> firstLine(api), "stand-in-k3s-api"::equals);
    assertThat(driver.guestPorts().forwardedTo(K3sCluster.API_PORT))
        .as("the forward lives in QEMU")
        .hasValue(apiPort);
    assertThat(Files.readString(kubeconfigFile)).contains("https://127.0.0.1:" + apiPort);

    var status = droverProcess(kubeconfigFile, "kube", "status", "--json");
    assertThat(status.path("state").asText()).isEqualTo("RUNNING");
    assertThat(status.path("apiPort").asInt())
        .as("another process finds the forward's port")
        .isEqualTo(apiPort);
    assertThat(status.path("version").asText()).isEqualTo(VERSION.tag());

    var disabled = droverProcess(kubeconfigFile, "kube", "disable", "--json");
    assertThat(disabled.path("state").asText()).isEqualTo("STOPPED");
    assertThat(driver.guestPorts().forwardedTo(K3sCluster.API_PORT))
        .as("disable removed the forward")
        .isEmpty();
    try (var free = new ServerSocket(apiPort, 1, InetAddress.getLoopbackAddress())) {
      assertThat(free.getLocalPort()).as("the API's host port is free again").isEqualTo(apiPort);
    }
    assertThat(
            guest
                .run(List.of("/usr/local/bin/drover-k3s", "status"), Duration.ofSeconds(60))
                .exitCode())
        .as("k3s is stopped in the VM")
        .isEqualTo(3);
  }

  /**
   * The cluster's state is on the data disk: what k3s (the stand-in) wrote under its data folder is
   * there after {@code drover vm restart}, and a cluster enabled again after the restart starts
   * from it with every requirement still met; {@code drover kube reset} removes exactly that state.
   */
  @Test
  @Order(6)
  void theClusterStateSurvivesAVmRestartAndResetRemovesIt() throws Exception {
    var kubeconfigFile = temp.resolve("restart-home/.kube/config");
    var before = starts();
    assertThat(before).as("k3s wrote its state in the tests before").isPositive();
    assertThat(
            guest
                .run(
                    List.of(
                        "/bin/sh",
                        "-c",
                        "awk '$2 == \"/var/lib/rancher\" {print $1}' /proc/mounts"),
                    Duration.ofSeconds(60))
                .stdout()
                .strip())
        .as("k3s's state is bound from the data disk")
        .isEqualTo("/dev/vda");

    var restarted = drover(kubeconfigFile, "vm", "restart", "--grace", "60");
    assertThat(restarted.code()).as(restarted.err()).isZero();
    assertThat(driver.status()).isInstanceOf(VmStatus.Running.class);
    // The same way into the guest as before the restart: its connection and helper container
    // belong to the previous boot, and it must start afresh on its own, as the app's does.
    assertThat(starts()).as("the state k3s wrote survived the restart").isEqualTo(before);

    var enabled =
        drover(
            kubeconfigFile,
            "kube",
            "enable",
            "--k3s-version",
            VERSION.tag(),
            "--no-traefik",
            "--json");
    assertThat(enabled.code()).as(enabled.err() + standInLog()).isZero();
    assertThat(json(enabled.out()).path("state").asText()).isEqualTo("RUNNING");
    assertThat(starts()).as("k3s started again on its kept state").isEqualTo(before + 1);

    var reset =
        drover(
            kubeconfigFile,
            "kube",
            "reset",
            "--yes",
            "--k3s-version",
            VERSION.tag(),
            "--no-traefik",
            "--json");
    assertThat(reset.code()).as(reset.err() + standInLog()).isZero();
    assertThat(json(reset.out()).path("state").asText()).isEqualTo("RUNNING");
    assertThat(starts()).as("reset removed the state; the fresh cluster started once").isEqualTo(1);
    assertThat(guest.readFile("/etc/rancher/k3s/config.yaml"))
        .as("reset keeps Drover's k3s config")
        .isPresent();

    var disabled = drover(kubeconfigFile, "kube", "disable", "--json");
    assertThat(disabled.code()).as(disabled.err()).isZero();
  }

  private record CommandRun(int code, String out, String err) {}

  /**
   * {@code drover} in this process against the VM this test owns, with the production way into the
   * guest and the stand-in's release served locally.
   */
  private CommandRun drover(Path kubeconfigFile, String... args) throws Exception {
    var release = serveRelease(new CopyOnWriteArrayList<>());
    var cache = base.resolve("cache").resolve("k3s");
    try (var http = K3sHttp.newClient()) {
      Files.createDirectories(kubeconfigFile.getParent());
      var site =
          K3sReleaseSite.at(URI.create("http://127.0.0.1:" + release.getAddress().getPort() + "/"));
      var kube =
          new KubeServices(
              () -> new K3sVersions(http, site, cache),
              () -> new K3sBinaries(http, site, cache),
              DroverCli.guests(instance),
              reached ->
                  new K3sCluster(
                      reached,
                      new K3sBinaries(http, site, cache),
                      new KubeconfigMerger(KubeconfigFiles.of(kubeconfigFile)),
                      standInAnswers(),
                      Duration.ofMinutes(3)));
      var env =
          new CliEnvironment(
              instance,
              UserFolders.forUser(
                  Map.of(VmInstance.CONFIG_HOME_OVERRIDE, base.toString()), base, "Linux"),
              new CliEnvironment.Drivers() {
                @Override
                public VmDriver create(VmInstance unused, VmSettings settings) {
                  throw new AssertionError("the test owns the VM");
                }

                @Override
                public DriverKind kind(VmSettings settings) {
                  return DriverKind.QEMU;
                }
              },
              unused -> {
                throw new AssertionError("the test owns the VM");
              },
              BOOT.plusMinutes(1));
      var out = new StringWriter();
      var err = new StringWriter();
      var command = DroverCli.commandLine(env, kube);
      command.setOut(new PrintWriter(out, true));
      command.setErr(new PrintWriter(err, true));
      var code = command.execute(args);
      return new CommandRun(code, out.toString(), err.toString());
    } finally {
      release.stop(0);
    }
  }

  /** How often k3s (the stand-in) has started on the state in its data folder. */
  private long starts() throws IOException {
    return guest
        .readFile(STARTS)
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8).lines().count())
        .orElse(0L);
  }

  /** What the k3s stand-in said, from the k3s log in the guest. */
  private String standInLog() {
    try {
      return guest
          .run(
              List.of("/bin/sh", "-c", "grep 'k3s stand-in' /var/log/drover-k3s.log | tail -n 3"),
              Duration.ofSeconds(60))
          .stdout();
    } catch (IOException | InterruptedException e) {
      return "(the k3s log could not be read: " + e + ")";
    }
  }

  private static byte[] airgapImages() {
    var bytes = new byte[300_000];
    new Random(17).nextBytes(bytes);
    return bytes;
  }

  /**
   * The real {@code drover} main in a process of its own, with this test's config home; its JSON
   * output.
   */
  private JsonNode droverProcess(Path kubeconfigFile, String... args) throws Exception {
    var command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DroverCli.class.getName()));
    command.addAll(List.of(args));
    var errors = temp.resolve("drover-" + UUID.randomUUID() + ".err");
    var builder = new ProcessBuilder(command).redirectError(errors.toFile());
    builder.environment().put(VmInstance.CONFIG_HOME_OVERRIDE, base.toString());
    builder.environment().put("KUBECONFIG", kubeconfigFile.toString());
    var process = builder.start();
    var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES))
        .as("drover " + String.join(" ", args) + " ended")
        .isTrue();
    assertThat(process.exitValue())
        .as("drover " + String.join(" ", args) + ": " + out + Files.readString(errors))
        .isZero();
    return json(out);
  }

  /**
   * The JSON document in a command's output (a test logging configuration may print warnings before
   * it).
   */
  private static JsonNode json(String output) throws IOException {
    return new ObjectMapper().readTree(output.substring(output.indexOf('{')));
  }

  /** Readiness as far as the stand-in can answer: its "API" line, through the forward. */
  private static ApiReadiness standInAnswers() {
    return (kubeconfig, context) -> {
      var server =
          URI.create(
              kubeconfig
                  .lines()
                  .filter(l -> l.strip().startsWith("server:"))
                  .findFirst()
                  .orElseThrow()
                  .strip()
                  .substring("server:".length())
                  .strip()
                  .replaceAll("[\"']", ""));
      try {
        return "stand-in-k3s-api".equals(firstLine(server.getPort()));
      } catch (IOException notYet) {
        return false;
      }
    };
  }

  /**
   * A k3s release site on loopback serving the k3s stand-in, airgap images and their checksums;
   * {@code served} gets each path asked.
   */
  private static HttpServer serveRelease(List<String> served) throws Exception {
    var binary = K3S_STAND_IN.getBytes(StandardCharsets.UTF_8);
    var release = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    var folder = "/download/" + VERSION.tag() + "/";
    var images = K3sArch.AMD64.airgapImageAssets().getFirst();
    var files =
        Map.of(
            folder + K3sArch.AMD64.binaryAsset(),
            binary,
            folder + images,
            AIRGAP_IMAGES,
            folder + K3sArch.AMD64.sumsAsset(),
            (sha256(binary)
                    + "  "
                    + K3sArch.AMD64.binaryAsset()
                    + "\n"
                    + sha256(AIRGAP_IMAGES)
                    + "  "
                    + images
                    + "\n")
                .getBytes(StandardCharsets.UTF_8));
    release.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    release.createContext(
        "/",
        exchange -> {
          served.add(exchange.getRequestURI().getPath());
          var body = files.get(exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) exchange.getResponseBody().write(body);
          exchange.close();
        });
    release.start();
    return release;
  }

  private static String firstLine(int port) throws IOException {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 3000);
      socket.setSoTimeout(3000);
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private <T> T missing(String what) {
    if (RealParts.inCi()) Assertions.fail(what);
    throw new TestAbortedException(what);
  }
}
