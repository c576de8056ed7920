package dev.drover.cli;

import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigMerger;
import dev.drover.kube.k3s.K3sArch;
import dev.drover.kube.k3s.K3sBinaries;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sReleaseSite;
import dev.drover.kube.k3s.K3sVersion;
import dev.drover.kube.k3s.K3sVersions;
import dev.drover.vm.host.UserFolders;
import dev.drover.vm.instance.VmInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import picocli.CommandLine;

/**
 * The drover command as its own process, run as {@link DroverCli#main} runs it, but with the fake
 * VM driver, a fake k3s guest and a release site that refuses connections: everything stays on this
 * machine, in {@code $DROVER_CONFIG_HOME}. Its detached VM owner is this class again.
 */
public final class OfflineCliMain {

  /**
   * A loopback address that refuses connections: port 1 (tcpmux) is privileged and not served on a
   * build machine, unlike a port found free a moment ago, which another process may take before the
   * command runs.
   */
  private static final URI REFUSING_ADDRESS = URI.create("http://127.0.0.1:1/");

  private OfflineCliMain() {}

  public static void main(String[] args) {
    System.exit(
        DroverCli.execute(() -> commandLine(Path.of(System.getenv("DROVER_CONFIG_HOME"))), args));
  }

  /** The command tree on the fakes, for a config home. */
  static CommandLine commandLine(Path home) {
    var env =
        new CliEnvironment(
            VmInstance.forThisUser(DroverCli.VM_NAME),
            UserFolders.forThisUser(),
            FakeVmDriver.drivers(home.resolve("starts.txt"), null),
            new DetachedOwner(OfflineCliMain.class.getName()),
            Duration.ofMinutes(2));
    var cache = home.resolve("cache/k3s");
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    var site = K3sReleaseSite.at(REFUSING_ADDRESS);
    var kube =
        new KubeServices(
            () -> new K3sVersions(http, site, cache),
            () -> new K3sBinaries(http, site, cache),
            running -> new FakeK3sGuest(),
            guest ->
                new K3sCluster(
                    guest,
                    new K3sBinaries(http, site, cache),
                    new KubeconfigMerger(KubeconfigFiles.of(home.resolve("kube/config"))),
                    (kubeconfig, context) -> true,
                    Duration.ofSeconds(30)));
    return DroverCli.commandLine(env, kube);
  }

  /**
   * A k3s binary in the cache under {@code home} as a verified download leaves it, so enable needs
   * no network.
   */
  static void cacheBinary(Path home, K3sVersion version) throws Exception {
    var folder = home.resolve("cache/k3s").resolve(version.tag());
    Files.createDirectories(folder);
    var binary = "#!/bin/sh\necho fake k3s\n".getBytes();
    Files.write(folder.resolve(K3sArch.AMD64.binaryAsset()), binary);
    var sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(binary));
    Files.writeString(
        folder.resolve(K3sArch.AMD64.sumsAsset()), sum + "  " + K3sArch.AMD64.binaryAsset() + "\n");
  }
}
