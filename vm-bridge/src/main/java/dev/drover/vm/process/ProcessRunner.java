package dev.drover.vm.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the host tools a driver needs (wsl.exe, hyperkit), so a driver's lifecycle can be tested
 * with a scripted runner on machines where those tools do not exist.
 */
public interface ProcessRunner {

  /** What a finished command printed, as bytes: wsl.exe prints UTF-16. */
  record Result(int exitCode, byte[] stdout, byte[] stderr) {}

  /** A long-running child (the VM, or the session that keeps a WSL distribution alive). */
  interface Running {
    long pid();

    boolean isAlive();

    /** Ends it: politely first, forcibly when {@code force}. */
    void destroy(boolean force);

    /** Completes with the exit code when it ends. */
    CompletableFuture<Integer> onExit();
  }

  /** Runs a command to its end, or fails after {@code timeout}. */
  Result run(List<String> command, Duration timeout) throws IOException, InterruptedException;

  /**
   * Launches a command that keeps running, its output (both streams) appended to {@code output}.
   */
  Running launch(List<String> command, Path output) throws IOException;
}
