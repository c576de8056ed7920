package dev.drover.app.settings;

import java.util.Objects;

/**
 * A value in the settings file that could not be used; the setting took {@code usedInstead} in its
 * place.
 *
 * @param key the setting's key as written in the file, e.g. {@code vm.cpus}
 * @param found the value as written, e.g. {@code 999} or {@code "lots"}
 * @param reason why it cannot be used, e.g. {@code not a whole number}
 * @param usedInstead the value in force instead, as shown to the user
 */
public record InvalidSetting(String key, String found, String reason, String usedInstead) {

  public InvalidSetting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(found, "found");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(usedInstead, "usedInstead");
  }

  /** One line for the user: {@code vm.cpus 999: a VM has 1 to 64 CPUs, not 999 (reset to 2)}. */
  public String describe() {
    return key + " " + found + ": " + reason + " (reset to " + usedInstead + ")";
  }
}
