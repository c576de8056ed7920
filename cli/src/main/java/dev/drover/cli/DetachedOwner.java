package dev.drover.cli;

import dev.drover.vm.instance.VmInstance;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code drover vm serve} as a process of its own that outlives the command: it owns the VM
 * until the VM stops. Same Java, same class path. In its own session where {@code setsid} exists,
 * so a Ctrl-C in the terminal that ran {@code drover vm start} does not reach the VM.
 */
public final class DetachedOwner implements CliEnvironment.OwnerLauncher {

  private final String mainClass;

  public DetachedOwner(String mainClass) {
    this.mainClass = mainClass;
  }

  /**
   * The java that runs this process. Installed, this process is the jpackage launcher {@code
   * drover}, which takes no JVM options, so the runtime's own {@code bin/java} is used where there
   * is one.
   */
  private static String javaExecutable() {
    var current = ProcessHandle.current().info().command();
    if (current.isPresent()
        && Path.of(current.get()).getFileName().toString().matches("java(\\.exe)?")) {
      return current.get();
    }
    for (var name : List.of("java", "java.exe")) {
      var candidate = Path.of(System.getProperty("java.home"), "bin", name);
      if (Files.isExecutable(candidate)) return candidate.toString();
    }
    return current.orElse("java");
  }

  /** The command line of the owner process; pure, for the test. */
  static List<String> command(
      String java, String classPath, String mainClass, String vmName, boolean setsid) {
    var command = new ArrayList<String>();
    if (setsid) command.add("setsid");
    command.addAll(List.of(java, "-cp", classPath, mainClass, "vm", "serve", "--name", vmName));
    return command;
  }

  @Override
  public Process launch(VmInstance instance) throws IOException {
    instance.ensureFolder();
    var java = javaExecutable();
    var setsid =
        Files.isExecutable(Path.of("/usr/bin/setsid"))
            || Files.isExecutable(Path.of("/bin/setsid"));
    var builder =
        new ProcessBuilder(
                command(
                    java,
                    System.getProperty("java.class.path"),
                    mainClass,
                    instance.name(),
                    setsid))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.ownerLog().toFile()))
            .redirectInput(
                ProcessBuilder.Redirect.from(
                    new File(File.separatorChar == '\\' ? "NUL" : "/dev/null")));
    return builder.start();
  }
}
