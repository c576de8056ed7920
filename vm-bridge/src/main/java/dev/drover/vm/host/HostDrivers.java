package dev.drover.vm.host;

import dev.drover.core.folders.DroverFolders;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmDriver;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.guest.HelperImage;
import dev.drover.vm.hyperkit.HyperkitDriver;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.process.EngineProbe;
import dev.drover.vm.process.SystemProcessRunner;
import dev.drover.vm.qemu.AcceleratorProbe;
import dev.drover.vm.qemu.AcceleratorVerdicts;
import dev.drover.vm.qemu.QemuDriver;
import dev.drover.vm.qemu.QemuInstallation;
import dev.drover.vm.wsl.Wsl2Driver;
import dev.drover.vm.wsl.WslCommands;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses and builds the VM driver for this computer, the same for the app and the {@code drover}
 * command: WSL 2 on Windows, QEMU on Linux (KVM or emulation) and on macOS 11 and later (HVF),
 * Hyperkit on older Intel Macs.
 *
 * @param env the environment (PATH, DOCKER_CONFIG, DROVER_GUEST_IMAGE)
 * @param userHome the user's home folder
 * @param osName os.name
 * @param osVersion os.version (macOS 10.x means Hyperkit)
 * @param osArch os.arch
 */
public record HostDrivers(
    Map<String, String> env, Path userHome, String osName, String osVersion, String osArch) {

  /**
   * A guest image folder that wins over the shipped one and the state folder's (development and
   * tests).
   */
  public static final String GUEST_IMAGE_OVERRIDE = "DROVER_GUEST_IMAGE";

  public static HostDrivers forThisComputer() {
    return new HostDrivers(
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"));
  }

  /** The driver this computer uses. */
  public DriverKind driverKind() {
    var os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) return DriverKind.WSL2;
    if ((os.contains("mac") || os.contains("darwin")) && macOs10() && !osArch.contains("aarch64"))
      return DriverKind.HYPERKIT;
    return DriverKind.QEMU;
  }

  /** The driver a settings choice means here. */
  public DriverKind driverKind(DriverChoice choice) {
    return choice.kind().orElseGet(this::driverKind);
  }

  private boolean macOs10() {
    return osVersion.startsWith("10.");
  }

  /**
   * The guest to boot: {@code DROVER_GUEST_IMAGE} when set (development, tests), else the one
   * shipped in the installed app ({@code <app>/vm/guest}, beside the app's jars), else on Linux the
   * one a development build made last ({@code ${XDG_CACHE_HOME:-~/.cache}/drover/guest/current},
   * where vm-bridge/guest/build-guest.sh writes it), else the state folder's {@code guest/}.
   */
  public GuestImage guestImage() {
    var override = env.get(GUEST_IMAGE_OVERRIDE);
    if (override != null && !override.isBlank()) return GuestImage.in(Path.of(override));
    var shipped = shippedGuest();
    if (shipped.isPresent()) return shipped.get();
    var os = osName.toLowerCase(Locale.ROOT);
    if (!os.startsWith("windows") && !os.contains("mac") && !os.contains("darwin")) {
      var xdg = env.get("XDG_CACHE_HOME");
      var cache =
          xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : userHome.resolve(".cache");
      return GuestImage.in(cache.resolve("drover").resolve("guest").resolve("current"));
    }
    return GuestImage.in(VmInstance.stateBase(env, userHome, osName).resolve("guest"));
  }

  /**
   * The image of the guest's helper container: the one shipped beside the guest ({@link
   * #guestImage()}), made of the guest's own busybox, else a pulled busybox.
   */
  public HelperImage helperImage() {
    return HelperImage.shippedIn(guestImage().kernel().getParent());
  }

  /**
   * The guest the installer put next to the app's jars, when this code runs from an installed app.
   */
  static Optional<GuestImage> shippedGuest(Path appJarFolder) {
    if (appJarFolder == null) return Optional.empty();
    var image = GuestImage.in(appJarFolder.resolve("vm").resolve("guest"));
    return image.missing().isEmpty() ? Optional.of(image) : Optional.empty();
  }

  private static Optional<GuestImage> shippedGuest() {
    try {
      var source = HostDrivers.class.getProtectionDomain().getCodeSource();
      if (source != null) {
        var jar = Path.of(source.getLocation().toURI());
        if (Files.isRegularFile(jar)) {
          var beside = shippedGuest(jar.getParent());
          if (beside.isPresent()) return beside;
        }
      }
    } catch (URISyntaxException | RuntimeException unknown) {
      // fall through to the class path
    }
    // Classes from the installed app's AOT cache report the folder the cache was trained in (the
    // package's build folder), not the install folder: the class path names the jars where they
    // are.
    return shippedGuestOnClassPath(System.getProperty("java.class.path", ""));
  }

  /** The guest beside the jars of a class path, when one of their folders has it. */
  static Optional<GuestImage> shippedGuestOnClassPath(String classPath) {
    return Arrays.stream(classPath.split(File.pathSeparator))
        .filter(entry -> entry.endsWith(".jar"))
        .map(entry -> Path.of(entry).toAbsolutePath().getParent())
        .filter(Objects::nonNull)
        .distinct()
        .map(HostDrivers::shippedGuest)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** A new driver for the instance's VM; the caller configures and closes it. */
  public VmDriver create(VmInstance instance) {
    return create(instance, DriverChoice.AUTO);
  }

  /** A new driver of the kind the settings name (AUTO: this computer's). */
  public VmDriver create(VmInstance instance, DriverChoice choice) {
    var contexts = DockerContextWriter.forEnvironment(env, userHome);
    var image = guestImage();
    return switch (driverKind(choice)) {
      case WSL2 ->
          new Wsl2Driver(
              new SystemProcessRunner(),
              new WslCommands("wsl.exe"),
              image.rootfs(),
              instance.machinesFolder(),
              contexts,
              EngineProbe.forEngine(),
              Duration.ofMinutes(3),
              Duration.ofMillis(500));
      case HYPERKIT -> HyperkitDriver.forThisMac(env, image, instance.machinesFolder(), contexts);
      case QEMU -> {
        var found = QemuInstallation.find(env, image.arch(), osName);
        var qemu = found.map(p -> p[0]).orElse(Path.of(image.arch().qemuSystem()));
        var qemuImg = found.map(p -> p[1]).orElse(Path.of("qemu-img"));
        yield new QemuDriver(
            qemu,
            qemuImg,
            image,
            instance.machinesFolder(),
            contexts,
            new AcceleratorProbe(
                    qemu,
                    image.arch(),
                    image.kernel(),
                    osName,
                    System.getProperty("os.arch"),
                    Duration.ofSeconds(10))
                .remembering(
                    AcceleratorVerdicts.inCacheFolder(
                        new DroverFolders(env, userHome, osName).cacheFolder())),
            Duration.ofMinutes(10));
      }
    };
  }
}
