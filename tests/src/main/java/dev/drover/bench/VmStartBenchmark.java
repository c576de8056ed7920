package dev.drover.bench;

import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.qemu.AcceleratorProbe;
import dev.drover.vm.qemu.AcceleratorVerdicts;
import dev.drover.vm.qemu.QemuDriver;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Start-to-engine-ready of the VM through Drover's QEMU driver, against booting the same guest with
 * a plain hand-written QEMU command line in the same run (goal: at most 1.1x), and the host CPU the
 * idle VM uses. Every boot gets a fresh data disk (so each formats it) and is ready when the engine
 * answers a TLS ping; five boots each, in BAAB order; each Drover boot is a fresh driver whose
 * accelerator probe is part of its start. As in the app, the probe's verdict is kept for the host
 * boot (in a cache folder of the benchmark's own, empty at its start): the first Drover start pays
 * the probe, later ones read the kept verdict, and every sample is shown. A benchmark, not a test:
 * a missed goal is reported, not failed.
 *
 * <pre>
 * java -cp … dev.drover.bench.VmStartBenchmark [guest-image-folder] [idle-seconds] [runs, default 5]
 * </pre>
 */
public final class VmStartBenchmark {

  private static final int DEFAULT_RUNS = 5;
  private static final double GOAL = 1.1;

  private VmStartBenchmark() {}

  private static AcceleratorProbe probe(Path qemu, GuestImage guest, AcceleratorVerdicts kept) {
    return new AcceleratorProbe(
            qemu,
            guest.arch(),
            guest.kernel(),
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            Duration.ofSeconds(10))
        .remembering(kept);
  }

  public static void main(String[] args) throws Exception {
    var imageFolder = Path.of(args.length > 0 ? args[0] : "vm-bridge/target/guest");
    var idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    var runs = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_RUNS;
    var guest = GuestImage.in(imageFolder);
    guest
        .missing()
        .ifPresent(
            reason -> {
              throw new IllegalStateException(reason);
            });
    var qemu =
        QemuDriver.findQemu(System.getenv(), GuestArch.ofHost(System.getProperty("os.arch")))
            .orElseThrow(() -> new IllegalStateException("QEMU is not installed"));
    var work = Files.createTempDirectory("drover-vm-bench");
    try {
      var config = new VmConfig("bench", 2, 2048, 8, VmConfig.Engine.MOBY);
      var plainCertificates = new VmCertificates(work.resolve("plain-tls"));
      plainCertificates.ensure("plain");
      String plainAccelerator = null;
      var kept = AcceleratorVerdicts.inCacheFolder(work.resolve("cache"));

      // BAAB order (Drover, plain, plain, Drover, …), so drift in the shared machine's load cancels
      // out. Each Drover boot is a fresh driver, as a user's start after launching Drover is; its
      // accelerator probe is part of the start: the first pays it, later ones read its verdict.
      var plain = new ArrayList<Long>();
      var drover = new ArrayList<Long>();
      var probes = new ArrayList<Long>();
      var idle = Double.NaN;
      EngineEndpoint endpoint = null;
      String accelerator = "";
      for (var round = 0; round < 2 * runs; round++) {
        if (round % 4 == 1 || round % 4 == 2) {
          // The plain command is told the accelerator the first Drover start's probe found: a
          // hand-written command line knows it.
          plain.add(
              plainBoot(
                  qemu[0],
                  qemu[1],
                  guest,
                  plainAccelerator,
                  plainCertificates,
                  work.resolve("plain-" + round)));
          continue;
        }
        try (var driver =
            new QemuDriver(
                qemu[0],
                qemu[1],
                guest,
                work.resolve("vms-" + round),
                new DockerContextWriter(work.resolve("docker-" + round)),
                probe(qemu[0], guest, kept),
                Duration.ofMinutes(5))) {
          driver.configure(config);
          driver.create(); // a fresh disk and certificates: both sides format their disk
          var started = System.nanoTime();
          var acceleration = driver.acceleration();
          probes.add((System.nanoTime() - started) / 1_000_000);
          if (accelerator.isEmpty())
            accelerator = acceleration.accelerator() + " (" + acceleration.explanation() + ")";
          plainAccelerator = acceleration.accelerator().qemuName();
          driver.start();
          endpoint = awaitRunning(driver);
          drover.add((System.nanoTime() - started) / 1_000_000);
          if (round == 0) {
            var pid = Long.parseLong(Files.readString(driver.folder().resolve("qemu.pid")).strip());
            Thread.sleep(10_000); // let the boot's last work settle before measuring idle
            idle = cpuPercent(pid, idleSeconds);
          }
          driver.delete();
        }
      }
      System.out.printf(
          Locale.ROOT,
          "accelerator: %s; probes %s ms, counted (the first start probes, later ones read the"
              + " verdict kept for this host boot)%n",
          accelerator,
          probes);
      System.out.printf(
          Locale.ROOT,
          "start to engine ready: Drover %s s, plain qemu %s s%n",
          seconds(drover),
          seconds(plain));
      BenchResults.compared(
          "vm-start",
          "VM start to engine ready, the accelerator probe counted, " + runs + " runs",
          "s",
          drover.stream().map(m -> m / 1000.0).toList(),
          "the same guest booted by a plain QEMU command",
          plain.stream().map(m -> m / 1000.0).toList(),
          BenchResults.Goal.ratioAtMost(GOAL),
          "accelerator "
              + accelerator
              + "; probe per Drover start "
              + probes
              + " ms: the first fresh driver's start pays the probe (the benchmark's cache folder"
              + " starts empty), later ones read the verdict kept for this host boot, as a user's"
              + " later starts do; each boot formats a fresh data disk; ready = the engine answers a TLS ping");
      System.out.printf(
          Locale.ROOT, "idle VM host CPU over %d s: %.1f %% of one core%n", idleSeconds, idle);
      System.out.println("engine endpoint was " + endpoint.host());
    } finally {
      try (var paths = Files.walk(work)) {
        for (var path : paths.sorted(Comparator.reverseOrder()).toList())
          Files.deleteIfExists(path);
      }
    }
  }

  private static List<String> seconds(List<Long> millis) {
    return millis.stream().map(m -> String.format(Locale.ROOT, "%.1f", m / 1000.0)).toList();
  }

  private static EngineEndpoint awaitRunning(QemuDriver driver) throws InterruptedException {
    while (true) {
      var status = driver.status();
      if (status instanceof VmStatus.Running running) return running.engine();
      if (status instanceof VmStatus.Error error)
        throw new IllegalStateException(
            "the VM failed: " + error.reason() + "\n" + String.join("\n", error.consoleTail()));
      Thread.sleep(20);
    }
  }

  /**
   * The same guest, disk size and TLS material, started by a hand-written command line; ready at
   * the first ping.
   */
  private static long plainBoot(
      Path qemu,
      Path qemuImg,
      GuestImage guest,
      String accel,
      VmCertificates certificates,
      Path folder)
      throws IOException, InterruptedException {
    Files.createDirectories(folder);
    var disk = folder.resolve("data.qcow2");
    run(List.of(qemuImg.toString(), "create", "-q", "-f", "qcow2", disk.toString(), "8G"));
    var server = certificates.serverFolder();
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    var command =
        new ArrayList<>(
            List.of(
                qemu.toString(),
                "-accel",
                accel,
                "-machine",
                "q35",
                "-cpu",
                accel.equals("tcg") ? "max" : "host",
                "-smp",
                "2",
                "-m",
                "2048",
                "-nodefaults",
                "-display",
                "none",
                "-kernel",
                guest.kernel().toString(),
                "-initrd",
                guest.initramfs().toString(),
                "-append",
                "console=ttyS0 quiet panic=-1",
                "-serial",
                "file:" + folder.resolve("console.log"),
                "-drive",
                "if=virtio,file=" + disk + ",format=qcow2",
                "-netdev",
                "user,id=n,hostfwd=tcp:127.0.0.1:" + port + "-:2376",
                "-device",
                "virtio-net-pci,netdev=n",
                "-fw_cfg",
                "name=opt/drover/engine,string=moby",
                "-fw_cfg",
                "name=opt/drover/ca.pem,file=" + server.resolve("ca.pem"),
                "-fw_cfg",
                "name=opt/drover/server-cert.pem,file=" + server.resolve("server-cert.pem"),
                "-fw_cfg",
                "name=opt/drover/server-key.pem,file=" + server.resolve("server-key.pem")));
    var endpoint =
        new EngineEndpoint(
            "plain",
            URI.create("tcp://127.0.0.1:" + port),
            Optional.of(certificates.clientFolder()),
            true,
            EngineEndpoint.Source.EXPLICIT);
    var started = System.nanoTime();
    var process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("qemu.log").toFile())
            .start();
    try (var client = DockerClients.open(endpoint, Duration.ofSeconds(5))) {
      while (true) {
        if (!process.isAlive())
          throw new IllegalStateException(
              "the plain QEMU exited: " + Files.readString(folder.resolve("qemu.log")));
        try {
          client.pingCmd().exec();
          return (System.nanoTime() - started) / 1_000_000;
        } catch (RuntimeException e) {
          Thread.sleep(100);
        }
        if (Duration.ofNanos(System.nanoTime() - started).toMinutes() >= 5)
          throw new IllegalStateException("the plain boot took over 5 minutes");
      }
    } finally {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /**
   * CPU used by a process over {@code seconds}, as a percentage of one core, from
   * /proc/&lt;pid&gt;/stat.
   */
  private static double cpuPercent(long pid, int seconds) throws IOException, InterruptedException {
    var before = cpuTicks(pid);
    var started = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    var ticks = cpuTicks(pid) - before;
    var elapsed = (System.nanoTime() - started) / 1e9;
    return ticks / 100.0 / elapsed * 100; // USER_HZ is 100 on Linux
  }

  private static long cpuTicks(long pid) throws IOException {
    var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) throw new IOException("failed: " + String.join(" ", command));
  }
}
