package dev.drover.vm.host;

import dev.drover.vm.DriverKind;
import java.util.Arrays;
import java.util.Optional;

/**
 * The driver the user picked in Settings ({@code "vm": {"driver": …}} in settings.json): one kind,
 * or {@link #AUTO}, the one {@link HostDrivers} picks for this computer.
 */
public enum DriverChoice {
  AUTO(null),
  QEMU(DriverKind.QEMU),
  WSL2(DriverKind.WSL2),
  HYPERKIT(DriverKind.HYPERKIT);

  private static final String AUTO_WORD = "auto";

  private final DriverKind kind;

  DriverChoice(DriverKind kind) {
    this.kind = kind;
  }

  /** The kind picked; empty for {@link #AUTO}. */
  public Optional<DriverKind> kind() {
    return Optional.ofNullable(kind);
  }

  /** The word settings.json holds: "auto", "qemu", "wsl2" or "hyperkit". */
  public String word() {
    return kind == null ? AUTO_WORD : kind.word();
  }

  /** The name Settings shows. */
  public String displayName() {
    return kind == null ? "Automatic (best for this computer)" : kind.displayName();
  }

  /** The choice settings.json's word names; empty for one this Drover does not know. */
  public static Optional<DriverChoice> fromWord(String word) {
    return Arrays.stream(values()).filter(choice -> choice.word().equals(word)).findFirst();
  }

  /**
   * The choice settings.json's word names.
   *
   * @throws IllegalArgumentException naming the setting and the words it takes, for a word this
   *     Drover does not know
   */
  public static DriverChoice parse(String word) {
    return fromWord(word)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the VM driver is one of "
                        + Arrays.stream(values()).map(DriverChoice::word).toList()
                        + ", not "
                        + word));
  }
}
