package dev.drover.vm.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A {@link ProcessRunner} for driver tests: answers commands from a script and records every
 * command, in order. Launched processes run until the test (or a destroy) ends them.
 */
public final class ScriptedRunner implements ProcessRunner {

  public final List<List<String>> commands = Collections.synchronizedList(new ArrayList<>());
  public final List<FakeProcess> launched = Collections.synchronizedList(new ArrayList<>());
  private final Function<List<String>, Result> script;

  public ScriptedRunner(Function<List<String>, Result> script) {
    this.script = script;
  }

  public static Result ok(byte[] stdout) {
    return new Result(0, stdout, new byte[0]);
  }

  public static Result failed(int code, byte[] stdout) {
    return new Result(code, stdout, new byte[0]);
  }

  /** The commands so far, each as its first words (enough to tell them apart). */
  public List<String> verbs(int words) {
    synchronized (commands) {
      return commands.stream()
          .map(c -> String.join(" ", c.subList(0, Math.min(words, c.size()))))
          .toList();
    }
  }

  @Override
  public Result run(List<String> command, Duration timeout) {
    commands.add(command);
    return script.apply(command);
  }

  @Override
  public Running launch(List<String> command, Path output) throws IOException {
    commands.add(command);
    Files.writeString(
        output,
        "drover-guest: init started\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    var process = new FakeProcess();
    launched.add(process);
    return process;
  }

  public static final class FakeProcess implements Running {
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    public volatile boolean destroyed;

    @Override
    public long pid() {
      return 4242;
    }

    @Override
    public boolean isAlive() {
      return !exit.isDone();
    }

    @Override
    public void destroy(boolean force) {
      destroyed = true;
      exit.complete(force ? 137 : 143);
    }

    /** The process ends by itself, as when the distribution crashes. */
    public void exit(int code) {
      exit.complete(code);
    }

    @Override
    public CompletableFuture<Integer> onExit() {
      return exit;
    }
  }
}
