package dev.drover.vm.guest;

import java.util.Locale;

/**
 * The guest's CPU architecture: which QEMU runs it, on which machine, with which console. The guest
 * follows the host's architecture unless told otherwise, so it can run at native speed.
 */
public enum GuestArch {
  AMD64("amd64", "x86_64", "q35", "ttyS0", "earlyprintk=serial,ttyS0,115200"),
  ARM64("arm64", "aarch64", "virt", "ttyAMA0", "earlycon");

  private final String debianName;
  private final String qemuName;
  private final String machine;
  private final String console;
  private final String earlyConsole;

  GuestArch(
      String debianName, String qemuName, String machine, String console, String earlyConsole) {
    this.debianName = debianName;
    this.qemuName = qemuName;
    this.machine = machine;
    this.console = console;
    this.earlyConsole = earlyConsole;
  }

  /** The architecture a JVM's {@code os.arch} names: amd64/x86_64 or aarch64/arm64. */
  public static GuestArch ofHost(String osArch) {
    return switch (osArch.toLowerCase(Locale.ROOT)) {
      case "aarch64", "arm64" -> ARM64;
      default -> AMD64;
    };
  }

  /** The architecture a guest build names (Debian's names, as build-guest.sh writes them). */
  public static GuestArch ofDebianName(String name) {
    for (var arch : values()) {
      if (arch.debianName.equals(name.strip())) return arch;
    }
    throw new IllegalArgumentException("unknown guest architecture '" + name + "' (amd64, arm64)");
  }

  /** Debian's name, as in {@code DROVER_GUEST_ARCH} and the guest's manifest. */
  public String debianName() {
    return debianName;
  }

  /** The QEMU system emulator for this architecture. */
  public String qemuSystem() {
    return "qemu-system-" + qemuName;
  }

  /** The Debian package providing {@link #qemuSystem()}. */
  public String qemuPackage() {
    return this == AMD64 ? "qemu-system-x86" : "qemu-system-arm";
  }

  /** QEMU's machine type: a PC for amd64, the generic virt board for arm64. */
  public String machine() {
    return machine;
  }

  /** The kernel's name for the first serial port of {@link #machine()}. */
  public String console() {
    return console;
  }

  /** The kernel option that prints the boot banner before the console driver loads. */
  public String earlyConsole() {
    return earlyConsole;
  }
}
