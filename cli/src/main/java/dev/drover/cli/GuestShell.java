package dev.drover.cli;

import dev.drover.vm.instance.VmStatusSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code drover vm shell}: a root shell in the guest, through its engine: a privileged helper
 * container in the host's PID namespace runs nsenter into PID 1 (the guest's init), so the shell
 * sees the guest's files, mounts and network rather than the container's. busybox has nsenter and
 * is small; the guest's own /bin/sh answers. The image is the guest's own helper image ({@link
 * dev.drover.vm.guest.HelperImage}), loaded before the run.
 */
final class GuestShell {

  private GuestShell() {}

  /**
   * The docker command for a Running VM's engine; {@code command} empty means an interactive shell.
   */
  static List<String> dockerArguments(
      String docker,
      VmStatusSnapshot running,
      boolean terminal,
      List<String> command,
      String helperImage) {
    var args = new ArrayList<String>(List.of(docker, "--host", running.engineHost()));
    if (running.tlsFolder() != null) {
      var tls = Path.of(running.tlsFolder());
      args.addAll(
          List.of(
              "--tlsverify",
              "--tlscacert",
              tls.resolve("ca.pem").toString(),
              "--tlscert",
              tls.resolve("cert.pem").toString(),
              "--tlskey",
              tls.resolve("key.pem").toString()));
    }
    args.addAll(List.of("run", "--rm", "-i"));
    if (terminal) args.add("-t");
    args.addAll(
        List.of(
            "--privileged",
            "--pid=host",
            "--net=host",
            "--name",
            "drover-shell-" + ProcessHandle.current().pid(),
            helperImage,
            "nsenter",
            "-t",
            "1",
            "-m",
            "-u",
            "-i",
            "-n",
            "-p",
            "--"));
    if (command.isEmpty()) args.addAll(List.of("/bin/sh", "-l"));
    else args.addAll(command);
    return args;
  }
}
