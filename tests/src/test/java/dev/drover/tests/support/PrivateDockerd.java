package dev.drover.tests.support;

import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second, throw-away dockerd that a test may stop and start at will without disturbing the shared
 * engine: its own socket, data and exec roots, and no bridge or iptables rules of its own.
 */
public final class PrivateDockerd implements AutoCloseable {

  private final Path dockerd;
  private final Path root;
  private Process process;

  public PrivateDockerd(Path root) {
    this.dockerd =
        Path.of(
            RealParts.require(
                "DROVER_TEST_DOCKERD", "no dockerd binary for the engine-restart tests"));
    this.root = root;
  }

  public EngineEndpoint endpoint() {
    return EngineEndpoint.of("private test engine", URI.create("unix://" + socket()));
  }

  private Path socket() {
    return root.resolve("docker.sock");
  }

  /** Starts dockerd and returns once it answers. */
  public void start() throws IOException, InterruptedException {
    Files.createDirectories(root);
    var command =
        List.of(
            dockerd.toString(),
            "--host",
            "unix://" + socket(),
            "--data-root",
            root.resolve("data").toString(),
            "--exec-root",
            root.resolve("exec").toString(),
            "--pidfile",
            root.resolve("dockerd.pid").toString(),
            // Its own containerd namespaces: never the system's or the shared test engine's
            // containers.
            "--containerd-namespace",
            "drover-private",
            "--containerd-plugins-namespace",
            "drover-private-plugins",
            "--bridge",
            "none",
            "--iptables=false",
            "--ip6tables=false",
            "--ip-masq=false");
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("dockerd.log").toFile()))
            .start();
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IOException("dockerd exited at start: " + log());
      try (var client = DockerClients.open(endpoint(), Duration.ofSeconds(2))) {
        client.pingCmd().exec();
        return;
      } catch (RuntimeException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IOException("dockerd did not answer within 60 s: " + log());
  }

  /** Stops dockerd the way a service manager does (SIGTERM), and waits until it has gone. */
  public void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) return;
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Kills dockerd outright (SIGKILL), as a crash or the OOM killer does: no clean shutdown, open
   * streams are cut. Its containerd dies with it (a parent-death signal); containers' shims outlive
   * both until {@link #start()} brings dockerd back. Returns once both are gone, so that {@link
   * #start()} can follow at once.
   */
  public void kill() throws InterruptedException, IOException {
    if (process == null || !process.isAlive()) return;
    var containerdPidFile = root.resolve("exec").resolve("containerd").resolve("containerd.pid");
    var containerd =
        Files.exists(containerdPidFile) ? Files.readString(containerdPidFile).strip() : "";
    process.destroyForcibly();
    // Waiting reaps dockerd, so its pid file does not name a live process when it starts again.
    process.waitFor(10, TimeUnit.SECONDS);
    if (containerd.isEmpty()) return;
    // containerd is reaped by PID 1, which in some sandboxes does so seconds later; until then
    // dockerd would
    // take the zombie for a running containerd, wait for its socket and give up. A zombie holds
    // nothing, so its
    // pid file can go: the next start then runs a containerd of its own.
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      var state = processState(containerd);
      if (state == null) return;
      if (state == 'Z') {
        Files.deleteIfExists(containerdPidFile);
        return;
      }
      Thread.sleep(20);
    }
    throw new IOException(
        "dockerd's containerd (pid " + containerd + ") outlived dockerd's SIGKILL by 10 s");
  }

  /** The state letter in /proc/{pid}/stat (R, S, Z…), or null when there is no such process. */
  private static Character processState(String pid) throws IOException {
    try {
      var stat = Files.readString(Path.of("/proc", pid, "stat"));
      // "pid (comm) S …": the command may hold spaces and parentheses, the state follows the last
      // ')'.
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (NoSuchFileException gone) {
      return null;
    }
  }

  private String log() throws IOException {
    var lines = Files.readAllLines(root.resolve("dockerd.log"));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  /** Stops dockerd and deletes its folder, which holds root-owned engine state. */
  @Override
  public void close() throws InterruptedException, IOException {
    stop();
    // A dockerd that was killed no longer knows the mounts under its data root are its own and
    // leaves them
    // behind when it stops; the removal below stays on one file system, so unmount them first,
    // deepest first.
    var leftovers = new ArrayList<String>();
    for (var mount : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      var point = mount.split(" ")[1];
      if (point.startsWith(root + "/")) leftovers.add(point);
    }
    leftovers.sort(Comparator.comparing(String::length).reversed());
    for (var point : leftovers) run("umount", point);
    run("rm", "-rf", "--one-file-system", root.toString());
  }

  private static void run(String... command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
