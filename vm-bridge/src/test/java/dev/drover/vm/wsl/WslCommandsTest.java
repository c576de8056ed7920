package dev.drover.vm.wsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.vm.VmConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WslCommandsTest {

  private final WslCommands wsl = new WslCommands("wsl.exe");

  @Test
  void importMakesAWsl2DistributionFromTheRootfsTarball() {
    assertThat(
            wsl.importDistribution(
                "drover",
                Path.of("C:\\Users\\ann\\AppData\\Local\\Drover\\vm\\machines\\drover"),
                Path.of("C:\\Program Files\\Drover\\guest\\rootfs.tar.gz")))
        .containsExactly(
            "wsl.exe",
            "--import",
            "drover",
            "C:\\Users\\ann\\AppData\\Local\\Drover\\vm\\machines\\drover",
            "C:\\Program Files\\Drover\\guest\\rootfs.tar.gz",
            "--version",
            "2");
  }

  @Test
  void lifecycleCommandsNameTheDistribution() {
    assertThat(wsl.list()).containsExactly("wsl.exe", "--list", "--verbose");
    assertThat(wsl.status()).containsExactly("wsl.exe", "--status");
    assertThat(wsl.terminate("drover")).containsExactly("wsl.exe", "--terminate", "drover");
    assertThat(wsl.unregister("drover")).containsExactly("wsl.exe", "--unregister", "drover");
    assertThat(wsl.shutdown()).containsExactly("wsl.exe", "--shutdown");
  }

  @Test
  void engineRunsAsRootWithMutualTlsOnlyFromTheHostsCertificates() {
    var command =
        wsl.runEngine("drover", VmConfig.Engine.MOBY, Path.of("C:\\Users\\ann b\\tls\\server"));

    assertThat(command.subList(0, 8))
        .containsExactly(
            "wsl.exe", "--distribution", "drover", "--user", "root", "--exec", "/bin/sh", "-c");
    var script = command.get(8);
    assertThat(script)
        .contains("cp '/mnt/c/Users/ann b/tls/server'/$f /etc/drover/tls/")
        .contains("exec dockerd")
        .contains("--tlsverify")
        .contains("-H tcp://127.0.0.1:2376")
        .doesNotContain("tcp://0.0.0.0");
  }

  @Test
  void theSessionAppliesTheHostsProxyAndExtraCertificatesBeforeTheEngines() {
    var script =
        wsl.runEngine(
                "drover",
                VmConfig.Engine.MOBY,
                Path.of("C:\\Users\\ann b\\tls\\server"),
                Path.of("C:\\Users\\ann b\\secrets"))
            .get(8);

    assertThat(script)
        .doesNotContain("\"")
        .contains("windows_host=$(ip route show default 2>/dev/null | awk '{print $3; exit}')")
        .contains(
            "if [ -r '/mnt/c/Users/ann b/secrets'/proxy.env ]; then sed"
                + " s/drover-windows-host/$windows_host/g '/mnt/c/Users/ann b/secrets'/proxy.env"
                + " > /etc/drover/proxy.env; . /etc/drover/proxy.env;")
        .contains("else rm -f /etc/drover/proxy.env; fi")
        .contains(
            "[ -e /etc/drover/ca-certificates.crt ] || cp $bundle /etc/drover/ca-certificates.crt")
        .contains("cp /etc/drover/ca-certificates.crt $bundle")
        .contains(
            "if [ -s '/mnt/c/Users/ann b/secrets'/extra-ca.pem ]; then { echo; cat '/mnt/c/Users/ann"
                + " b/secrets'/extra-ca.pem; } >> $bundle;");
    assertThat(script.indexOf("proxy.env")).isLessThan(script.indexOf("containerd --log-level"));
    assertThat(script.indexOf("umask 077")).isLessThan(script.indexOf("proxy.env"));
  }

  @Test
  void theExecScriptHoldsNoDoubleQuoteWhichCommandLineToArgvWWouldSplitOn() {
    // a Windows path cannot hold a double quote, but an apostrophe it can
    var script =
        wsl.runEngine("drover", VmConfig.Engine.MOBY, Path.of("C:\\Users\\o'brien\\tls")).get(8);

    assertThat(script).doesNotContain("\"").contains("cp '/mnt/c/Users/o'\\''brien/tls'/$f ");
  }

  @Test
  void containerdEngineStartsNoDockerdAndOffersContainerdOnlyWithMutualTlsOnLoopback() {
    var script = wsl.runEngine("drover", VmConfig.Engine.CONTAINERD, Path.of("C:\\tls")).get(8);
    assertThat(script)
        .doesNotContain("dockerd")
        .doesNotContain("\"")
        .contains("socat OPENSSL-LISTEN:" + WslCommands.ENGINE_PORT + ",bind=127.0.0.1,")
        .contains(
            ",cafile=/etc/drover/tls/ca.pem,verify=1 UNIX-CONNECT:/run/containerd/containerd.sock");
  }

  @Test
  void windowsPathsMapToMnt() {
    assertThat(WslCommands.toWslPath(Path.of("D:\\data\\x"))).isEqualTo("/mnt/d/data/x");
  }
}
