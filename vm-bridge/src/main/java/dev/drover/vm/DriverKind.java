package dev.drover.vm;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which driver runs a VM. Its {@link #word()} is how settings.json, the status file, the control
 * socket and {@code drover vm status --json} name it, so it never changes.
 */
public enum DriverKind {
  /** QEMU: KVM or emulation on Linux, HVF on macOS 11 and later. */
  QEMU("qemu", "QEMU"),
  /** A WSL 2 distribution on Windows. */
  WSL2("wsl2", "WSL 2"),
  /** Hyperkit on Intel Macs with macOS 10. */
  HYPERKIT("hyperkit", "Hyperkit (older Macs)");

  private final String word;
  private final String displayName;

  DriverKind(String word, String displayName) {
    this.word = word;
    this.displayName = displayName;
  }

  /** The lower-case word files and the command's output use: "qemu", "wsl2", "hyperkit". */
  @JsonValue
  public String word() {
    return word;
  }

  /** The name Settings shows. */
  public String displayName() {
    return displayName;
  }

  /** The kind a word names; empty for a word this Drover does not know (a newer one's). */
  public static Optional<DriverKind> fromWord(String word) {
    return Arrays.stream(values()).filter(kind -> kind.word.equals(word)).findFirst();
  }
}
