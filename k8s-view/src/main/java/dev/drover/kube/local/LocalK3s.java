package dev.drover.kube.local;

import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigMerger;
import dev.drover.kube.k3s.ApiReadiness;
import dev.drover.kube.k3s.K3sBinaries;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sGuest;
import dev.drover.kube.k3s.K3sHttp;
import dev.drover.kube.k3s.K3sReleaseSite;
import dev.drover.kube.k3s.K3sVersions;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The local cluster's parts as the app and the {@code drover kube} commands both make them: k3s
 * from its release site, cached in the user's cache folder, its context merged into the user's
 * kubeconfig files. The HTTP client is made on first use (it loads the HTTP stack) and shared.
 */
public final class LocalK3s {

  /** How long k3s may take from start to an answering API: minutes on a cold, emulated VM. */
  public static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private final Path cache;
  private final Supplier<HttpClient> http;
  private HttpClient client;

  /**
   * @param cacheFolder the user's cache folder; k3s's downloads go to its {@code k3s} folder
   */
  public LocalK3s(Path cacheFolder) {
    this.cache = Objects.requireNonNull(cacheFolder, "cacheFolder").resolve("k3s");
    this.http = this::client;
  }

  private synchronized HttpClient client() {
    if (client == null) client = K3sHttp.newClient();
    return client;
  }

  /** The k3s releases offered, cached for a day. */
  public K3sVersions versions() {
    return new K3sVersions(http.get(), K3sReleaseSite.github(), cache);
  }

  /** The k3s binaries and airgap images, downloaded when first needed and checksum-verified. */
  public K3sBinaries binaries() {
    return new K3sBinaries(http, K3sReleaseSite.github(), cache);
  }

  /** The cluster service for k3s in {@code guest}, merging its context into {@code kubeconfig}. */
  public K3sCluster cluster(K3sGuest guest, K3sBinaries binaries, KubeconfigFiles kubeconfig) {
    return new K3sCluster(
        guest, binaries, new KubeconfigMerger(kubeconfig), ApiReadiness.fabric8(), START_TIMEOUT);
  }
}
