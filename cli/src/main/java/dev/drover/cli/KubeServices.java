package dev.drover.cli;

import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigMerger;
import dev.drover.kube.k3s.ApiReadiness;
import dev.drover.kube.k3s.K3sBinaries;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sGuest;
import dev.drover.kube.k3s.K3sHttp;
import dev.drover.kube.k3s.K3sReleaseSite;
import dev.drover.kube.k3s.K3sVersions;
import dev.drover.vm.instance.VmStatusSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@code drover kube …} works with: the k3s services of k8s-view, and the way into the running
 * VM.
 *
 * @param versions the k3s version list (built on first use: it brings an HTTP client)
 * @param binaries the per-user k3s binary cache
 * @param guests reaches the running VM's guest
 * @param clusters makes the cluster service for a guest
 */
public record KubeServices(
    Supplier<K3sVersions> versions,
    Supplier<K3sBinaries> binaries,
    Guests guests,
    Function<K3sGuest, K3sCluster> clusters) {

  public KubeServices {
    Objects.requireNonNull(versions, "versions");
    Objects.requireNonNull(binaries, "binaries");
    Objects.requireNonNull(guests, "guests");
    Objects.requireNonNull(clusters, "clusters");
  }

  /** Reaches the guest of a running VM; the VM driver provides it. */
  @FunctionalInterface
  public interface Guests {
    /**
     * @param running the VM's status, RUNNING
     * @throws IOException when the guest cannot be reached; the message is shown to the user
     */
    K3sGuest connect(VmStatusSnapshot running) throws IOException;
  }

  /** The services on the real release site and the user's own cache and kubeconfig. */
  public static KubeServices forUser(Path cacheFolder, Guests guests) {
    var k3sCache = cacheFolder.resolve("k3s");
    var http =
        new Supplier<java.net.http.HttpClient>() {
          private java.net.http.HttpClient client;

          @Override
          public synchronized java.net.http.HttpClient get() {
            if (client == null) client = K3sHttp.newClient();
            return client;
          }
        };
    return new KubeServices(
        () -> new K3sVersions(http.get(), K3sReleaseSite.github(), k3sCache),
        () -> new K3sBinaries(http.get(), K3sReleaseSite.github(), k3sCache),
        guests,
        guest ->
            new K3sCluster(
                guest,
                new K3sBinaries(http.get(), K3sReleaseSite.github(), k3sCache),
                new KubeconfigMerger(KubeconfigFiles.forThisMachine()),
                ApiReadiness.fabric8(),
                Duration.ofMinutes(5)));
  }
}
