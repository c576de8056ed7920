package dev.drover.cli;

import dev.drover.vm.diagnostics.DiagnosticsBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drover diagnostics}: the same zip as the app's "Collect diagnostics", without secrets. */
@Command(
    name = "diagnostics",
    mixinStandardHelpOptions = true,
    description =
        "Zip Drover's logs, settings and VM status for a bug report (no keys, no credentials).")
public final class DiagnosticsCommand implements Callable<Integer> {

  private final CliEnvironment env;

  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      description = "The zip to write (default: drover-diagnostics-<time>.zip here).")
  Path output;

  public DiagnosticsCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    var target =
        output != null
            ? output
            : Path.of(
                "drover-diagnostics-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + ".zip");
    try {
      var bundle =
          new DiagnosticsBundle(env.folders(), env.instance(), env.drivers().kind(env.settings()));
      var files = bundle.writeTo(target);
      spec.commandLine()
          .getOut()
          .printf("Wrote %s (%d files)%n", target.toAbsolutePath(), files.size());
      return VmCommands.OK;
    } catch (IOException e) {
      spec.commandLine().getErr().printf("Could not write %s: %s%n", target, e.getMessage());
      return VmCommands.FAILED;
    }
  }
}
