package dev.drover.vm.hyperkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Hyperkit's {@code -F} pid file: how a new Drover finds a hyperkit an earlier one left running
 * (after a crash), so it is ended rather than booted twice on the same disk.
 */
public final class HyperkitPidFile {

  private HyperkitPidFile() {}

  public static OptionalLong parse(String text) {
    var trimmed = text.strip();
    if (!trimmed.matches("\\d{1,10}")) return OptionalLong.empty();
    return OptionalLong.of(Long.parseLong(trimmed));
  }

  public static OptionalLong read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** The live hyperkit the pid file names; a recycled pid of another program does not count. */
  public static Optional<ProcessHandle> liveHyperkit(Path file) {
    var pid = read(file);
    if (pid.isEmpty()) return Optional.empty();
    return ProcessHandle.of(pid.getAsLong())
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(HyperkitPidFile::isHyperkit).orElse(false));
  }

  static boolean isHyperkit(String command) {
    var name = Path.of(command).getFileName();
    return name != null && name.toString().equals("hyperkit");
  }
}
