package dev.drover.vm.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands as child processes of this JVM. */
public final class SystemProcessRunner implements ProcessRunner {

  @Override
  public Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).start();
    var stderr =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return process.getErrorStream().readAllBytes();
              } catch (IOException e) {
                return new byte[0];
              }
            },
            Thread::startVirtualThread);
    var stdout = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException(
          String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
    }
    return new Result(process.exitValue(), stdout, stderr.join());
  }

  @Override
  public Running launch(List<String> command, Path output) throws IOException {
    var process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
            .start();
    return running(process);
  }

  /** A child started otherwise (QEMU's own redirection), as a {@link Running}. */
  public static Running running(Process process) {
    return new Running() {
      @Override
      public long pid() {
        return process.pid();
      }

      @Override
      public boolean isAlive() {
        return process.isAlive();
      }

      @Override
      public void destroy(boolean force) {
        if (force) process.destroyForcibly();
        else process.destroy();
      }

      @Override
      public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
      }
    };
  }
}
