package dev.drover.tests.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.tests.support.RealParts;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The Linux package as a user gets it: the {@code .deb} built by {@code -Pinstaller} is installed
 * with {@code dpkg -i}, the installed launcher is started under the test display against the test
 * engine, the window opens and connects, a screenshot is kept, the {@code drover} command runs from
 * PATH, and {@code dpkg -r} then {@code dpkg -P} leave nothing behind. The package depends on the
 * QEMU its VM needs and ships the VM's guest. Needs root (dpkg), a display and an engine: {@code
 * ./run-tests.sh} provides all three and builds the package.
 */
class InstalledDebIT {

  private static final Path INSTALL_DIR = Path.of("/opt/drover");
  private static final Path LAUNCHER = INSTALL_DIR.resolve("bin/Drover");
  private static final Path COMMAND = Path.of("/usr/bin/drover");
  private static final Path DESKTOP_ENTRY = Path.of("/usr/share/applications/drover.desktop");
  private static final Path SCREENSHOT =
      Path.of("target", "installer-it", "installed-drover.png").toAbsolutePath();

  private static Path deb;
  private static Process app;

  @TempDir Path configHome;

  @BeforeAll
  static void requireRootDpkgAndThePackage() throws Exception {
    RealParts.display();
    RealParts.require(
        "DROVER_TEST_DOCKER_HOST", "no Docker engine for the installed app to connect to");
    if (!Files.isExecutable(Path.of("/usr/bin/dpkg"))
        || !"root".equals(System.getProperty("user.name"))) {
      missing("installing a .deb needs dpkg and root (CI runs as root)");
    }
    var folder = Path.of("..", "installer", "target", "installer").toAbsolutePath().normalize();
    try (var files = Files.exists(folder) ? Files.list(folder) : Stream.<Path>empty()) {
      deb =
          files
              .filter(file -> file.getFileName().toString().matches("drover_.*\\.deb"))
              .findFirst()
              .orElse(null);
    }
    if (deb == null)
      missing(
          "no .deb in "
              + folder
              + ": build it with ./mvnw -Pinstaller package (./run-tests.sh does)");
    if (run("dpkg-query", "-W", "-f=${Status}", "drover").output().contains("ok installed")) {
      fail(
          "a Drover package is already installed on this machine; the test will not replace it. Remove it with dpkg -P drover.");
    }
  }

  @AfterAll
  static void leaveNothingBehind() throws Exception {
    // Only after a failure is there anything left to clean; the test itself uninstalls.
    if (app != null && app.isAlive()) app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    // A QEMU the installed app left running boots from the install folder: only this test's.
    ProcessHandle.allProcesses()
        .filter(
            process ->
                process.info().commandLine().orElse("").contains(INSTALL_DIR + "/lib/app/vm/guest"))
        .forEach(ProcessHandle::destroyForcibly);
    if (!run("dpkg-query", "-W", "-f=${Status}", "drover").output().contains("no packages found"))
      run("dpkg", "-P", "drover");
  }

  @Test
  void thePackageDependsOnTheQemuItsVmNeeds() throws Exception {
    var depends = run("dpkg-deb", "--field", deb.toString(), "Depends");
    assertThat(depends.status()).as("dpkg-deb --field:\n" + depends.output()).isZero();

    assertThat(depends.output().strip().split(",\\s*"))
        .as("Depends: " + depends.output())
        .contains(qemuPackageForThisMachine(), "qemu-utils");
  }

  /** Debian's package with the QEMU emulator of this machine's architecture. */
  static String qemuPackageForThisMachine() {
    return System.getProperty("os.arch").equals("aarch64") ? "qemu-system-arm" : "qemu-system-x86";
  }

  @Test
  void theInstalledPackageOpensConnectsAndUninstallsWithoutATrace() throws Exception {
    var install = run("dpkg", "-i", deb.toString());
    assertThat(install.status()).as("dpkg -i:\n" + install.output()).isZero();
    var owned = run("dpkg", "-L", "drover").output().lines().map(Path::of).toList();

    assertThat(LAUNCHER).isExecutable();
    assertThat(INSTALL_DIR.resolve("lib/app/drover.aot"))
        .as("AOT cache built at packaging time")
        .isRegularFile();
    assertThat(Files.readString(DESKTOP_ENTRY))
        .contains("Exec=" + LAUNCHER, "Icon=/opt/drover/lib/Drover.png", "Type=Application");
    assertThat(ImageIO.read(INSTALL_DIR.resolve("lib/Drover.png").toFile()).getWidth())
        .as("menu icon")
        .isEqualTo(256);
    assertThat(Files.exists(INSTALL_DIR.resolve("lib/runtime/jmods")))
        .as("trimmed runtime")
        .isFalse();
    // The VM's guest ships in the package (./run-tests.sh builds it before the package): kernel and
    // initramfs,
    // each matching the SHA256SUMS written when it was packed.
    var guest = INSTALL_DIR.resolve("lib/app/vm/guest");
    var sums = Files.readAllLines(guest.resolve("SHA256SUMS"));
    assertThat(sums)
        .extracting(line -> line.substring(line.indexOf("  ") + 2))
        .contains("vmlinuz", "initramfs.img");
    for (var line : sums) {
      var file = guest.resolve(line.substring(line.indexOf("  ") + 2));
      var digest = MessageDigest.getInstance("SHA-256");
      try (var in = Files.newInputStream(file)) {
        in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
      }
      assertThat(HexFormat.of().formatHex(digest.digest()))
          .as(file + " as packed")
          .isEqualTo(line.substring(0, line.indexOf("  ")));
    }

    assertThat(run("sh", "-c", "command -v drover").output().strip())
        .as("the drover command is on PATH")
        .isEqualTo(COMMAND.toString());
    var version = run("drover", "--version");
    assertThat(version.status()).as("drover --version:\n" + version.output()).isZero();
    assertThat(version.output()).contains("drover 0.1.0");
    var vmStatus = runIn(configHome, "drover", "vm", "status", "--json");
    assertThat(vmStatus.status()).as("drover vm status --json:\n" + vmStatus.output()).isZero();
    assertThat(
            new ObjectMapper()
                .readTree(vmStatus.output().substring(vmStatus.output().indexOf('{')))
                .path("state")
                .asText())
        .as("a VM nobody started")
        .isEqualTo("STOPPED");
    // Online, cached or the shipped list: it always answers, and needs the runtime's java.net.http.
    var versions = runIn(configHome, "drover", "kube", "versions", "--json");
    assertThat(versions.status()).as("drover kube versions --json:\n" + versions.output()).isZero();
    assertThat(
            new ObjectMapper()
                .readTree(versions.output().substring(versions.output().indexOf('{')))
                .path("versions")
                .size())
        .as("k3s versions listed")
        .isPositive();

    var stdout = configHome.resolve("stdout.txt");
    var launch =
        new ProcessBuilder(LAUNCHER.toString())
            .redirectErrorStream(true)
            .redirectOutput(stdout.toFile());
    launch.environment().put("DOCKER_HOST", System.getenv("DROVER_TEST_DOCKER_HOST"));
    launch.environment().put("DROVER_CONFIG_HOME", configHome.toString());
    launch.environment().remove("DROVER_GUEST_IMAGE"); // the installed app boots the guest it ships
    // Says on the console whether the JVM took the AOT cache; changes nothing else.
    launch.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:aot=info");
    app = launch.start();
    var log = configHome.resolve("logs/drover.log");

    await("the installed app connects to the engine")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(app.isAlive()).as("still running; its output:\n" + read(stdout)).isTrue();
              assertThat(read(log)).contains("Engine state running: Engine running: Docker");
            });
    var window =
        await("its window is on the display")
            .atMost(Duration.ofSeconds(30))
            .until(InstalledDebIT::droverWindow, Optional::isPresent)
            .orElseThrow();
    assertThat(read(stdout))
        .as("the AOT cache made at build time is used by the installed app")
        .contains("Using AOT-linked classes: true")
        .doesNotContain("mismatch");
    var logText = read(log);
    assertThat(
            logText.contains("Drover's icon is in the system tray")
                || countOf(logText, "This desktop has no system tray") == 1)
        .as("the tray is either there or its absence is said once:\n" + logText)
        .isTrue();

    // The log line comes from the same UI update as the status bar; drawing it may lag on a loaded
    // machine.
    await("the window's status bar shows the engine connected (green)")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> statusDotIsGreen(screenshot(), window));
    var screen = screenshot();
    ImageIO.write(screen, "png", SCREENSHOT.toFile());
    System.out.println("screenshot of the installed app: " + SCREENSHOT);
    assertThat(colours(screen))
        .as("the screenshot shows a window, not a bare display")
        .isGreaterThan(50);

    // The VM from the installed app: the installed command asks the running app, which owns the VM,
    // to start it, and waits until the guest's engine answers. Nothing names a guest (the test's
    // DROVER_GUEST_IMAGE is not passed on), so QEMU must boot the one the package shipped.
    var vmStart = runIn(configHome, Duration.ofMinutes(10), "drover", "vm", "start");
    assertThat(vmStart.status()).as("drover vm start:\n" + vmStart.output()).isZero();
    assertThat(vmStart.output()).contains("is running");
    assertThat(
            ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(line -> line.contains("qemu-system"))
                .toList())
        .as("QEMU boots the shipped guest")
        .anySatisfy(line -> assertThat(line).contains(guest.resolve("vmlinuz").toString()));
    var vmStop = runIn(configHome, "drover", "vm", "stop");
    assertThat(vmStop.status()).as("drover vm stop:\n" + vmStop.output()).isZero();

    app.destroy(); // SIGTERM: what a session logout sends
    assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("the app ends on SIGTERM").isTrue();

    var remove = run("dpkg", "-r", "drover");
    assertThat(remove.status()).as("dpkg -r:\n" + remove.output()).isZero();
    assertThat(DESKTOP_ENTRY).as("menu entry taken back").doesNotExist();
    assertThat(LAUNCHER).doesNotExist();
    assertThat(COMMAND).as("/usr/bin/drover taken back").doesNotExist();
    assertThat(run("sh", "-c", "command -v drover").status()).as("no drover on PATH").isNotZero();
    var purge = run("dpkg", "-P", "drover");
    assertThat(purge.status()).as("dpkg -P:\n" + purge.output()).isZero();
    assertThat(run("dpkg-query", "-W", "-f=${Status}", "drover").output())
        .doesNotContain("installed");
    assertThat(INSTALL_DIR).as("nothing left in the install folder").doesNotExist();
    assertThat(owned)
        .as("every file the package owned is gone")
        .filteredOn(path -> path.startsWith(INSTALL_DIR))
        .allSatisfy(path -> assertThat(path).doesNotExist());
  }

  /**
   * The main window's place on the display, from xwininfo (the app's 10x10 leader window is
   * skipped).
   */
  private static Optional<Rectangle> droverWindow() throws IOException, InterruptedException {
    var matcher =
        Pattern.compile("\"Drover\": \\(.*\\)\\s+(\\d+)x(\\d+)\\+(-?\\d+)\\+(-?\\d+)")
            .matcher(run("xwininfo", "-root", "-tree").output());
    while (matcher.find()) {
      var window =
          new Rectangle(
              Integer.parseInt(matcher.group(3)),
              Integer.parseInt(matcher.group(4)),
              Integer.parseInt(matcher.group(1)),
              Integer.parseInt(matcher.group(2)));
      if (window.width >= 300 && window.height >= 200) return Optional.of(window);
    }
    return Optional.empty();
  }

  /** Whether the status bar's dot, bottom left in the window, is drawn green: "connected". */
  private static boolean statusDotIsGreen(BufferedImage screen, Rectangle window) {
    for (int y = Math.max(0, window.y + window.height - 40);
        y < Math.min(screen.getHeight(), window.y + window.height);
        y++) {
      for (int x = Math.max(0, window.x); x < Math.min(screen.getWidth(), window.x + 60); x++) {
        var c = new Color(screen.getRGB(x, y));
        if (c.getGreen() > c.getRed() + 50 && c.getGreen() > c.getBlue() + 30) return true;
      }
    }
    return false;
  }

  private static BufferedImage screenshot() throws Exception {
    var bounds =
        GraphicsEnvironment.getLocalGraphicsEnvironment()
            .getDefaultScreenDevice()
            .getDefaultConfiguration()
            .getBounds();
    Files.createDirectories(SCREENSHOT.getParent());
    return new Robot().createScreenCapture(new Rectangle(bounds));
  }

  private static int colours(BufferedImage image) {
    var colours = new HashSet<Integer>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) colours.add(image.getRGB(x, y));
    }
    return colours.size();
  }

  private static int countOf(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static void missing(String what) {
    if (RealParts.inCi()) fail(what);
    throw new TestAbortedException(what);
  }

  private record Result(int status, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    return runIn(null, command);
  }

  /**
   * @param configHome DROVER_CONFIG_HOME for the command, so it touches nothing of the user's;
   *     null: unset
   */
  private static Result runIn(Path configHome, String... command)
      throws IOException, InterruptedException {
    return runIn(configHome, Duration.ofMinutes(5), command);
  }

  private static Result runIn(Path configHome, Duration limit, String... command)
      throws IOException, InterruptedException {
    var builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
    if (configHome != null) builder.environment().put("DROVER_CONFIG_HOME", configHome.toString());
    builder.environment().remove("DROVER_GUEST_IMAGE"); // installed commands use the shipped guest
    var process = builder.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within " + limit + ":\n" + output);
    }
    return new Result(process.exitValue(), output);
  }
}
