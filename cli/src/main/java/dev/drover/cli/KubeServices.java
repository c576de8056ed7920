package dev.drover.cli;

import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.k3s.K3sBinaries;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sGuest;
import dev.drover.kube.k3s.K3sVersions;
import dev.drover.kube.local.LocalK3s;
import dev.drover.vm.instance.VmStatusSnapshot;
import java.io.IOException;
import java.nio.file.Path;
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
    var local = new LocalK3s(cacheFolder);
    return new KubeServices(
        local::versions,
        local::binaries,
        guests,
        guest -> local.cluster(guest, local.binaries(), KubeconfigFiles.forThisMachine()));
  }
}
