package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.vm.DriverKind;
import dev.drover.vm.VmState;
import dev.drover.vm.instance.VmStatusSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestShellTest {

  private static final String HELPER = "drover/guest-helper:0123456789abcdef";
  private final VmStatusSnapshot running =
      new VmStatusSnapshot(
          "drover",
          VmState.RUNNING,
          "",
          "tcp://127.0.0.1:40123",
          "/home/ann/.local/state/drover/vm/machines/drover/tls/client",
          List.of(),
          DriverKind.QEMU,
          4242,
          "2026-11-27T16:00:00Z");

  @Test
  void shellEntersTheGuestsInitNamespacesOverMutualTls() {
    var args = GuestShell.dockerArguments("docker", running, true, List.of(), HELPER);

    assertThat(args)
        .startsWith(
            "docker",
            "--host",
            "tcp://127.0.0.1:40123",
            "--tlsverify",
            "--tlscacert",
            "/home/ann/.local/state/drover/vm/machines/drover/tls/client/ca.pem");
    assertThat(args)
        .contains("run", "--rm", "-i", "-t", "--privileged", "--pid=host", HELPER)
        .endsWith("nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "--", "/bin/sh", "-l");
  }

  @Test
  void aCommandRunsInsteadOfTheShellWithoutATerminal() {
    var args =
        GuestShell.dockerArguments(
            "docker", running, false, List.of("cat", "/proc/version"), HELPER);

    assertThat(args.subList(0, args.indexOf(HELPER))).doesNotContain("-t");
    assertThat(args).endsWith("--", "cat", "/proc/version");
  }

  @Test
  void theOwnerProcessIsThisJavaRunningServeInItsOwnSession() {
    assertThat(
            DetachedOwner.command(
                "/opt/drover/bin/java",
                "/opt/drover/lib/*",
                "dev.drover.cli.DroverCli",
                "drover",
                true))
        .containsExactly(
            "setsid",
            "/opt/drover/bin/java",
            "-cp",
            "/opt/drover/lib/*",
            "dev.drover.cli.DroverCli",
            "vm",
            "serve",
            "--name",
            "drover");
  }
}
