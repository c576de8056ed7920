package dev.drover.kube.k3s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Whether a cluster's API answers, asked from the host through the forwarded port. */
@FunctionalInterface
public interface ApiReadiness {

  /**
   * @param kubeconfig a kubeconfig holding {@code context}
   * @return true once the API server answers; false while it is still starting
   * @throws K3sException when the server answers but waiting cannot help: it refuses the
   *     kubeconfig's credentials, or presents a certificate the kubeconfig's CA does not sign
   */
  boolean ready(String kubeconfig, String context) throws InterruptedException;

  /**
   * Asks the API server for {@code /version} with the context's own credentials and CA, as kubectl
   * would, and reads the HTTP status itself: Fabric8's {@code getKubernetesVersion()} returns an
   * empty version for a 503 or a 401 instead of failing.
   */
  static ApiReadiness fabric8() {
    return (kubeconfig, context) -> {
      var config = Config.fromKubeconfig(context, kubeconfig, null);
      config.setConnectionTimeout(3_000);
      config.setRequestTimeout(5_000);
      config.setRequestRetryBackoffLimit(0);
      var version = URI.create(config.getMasterUrl()).resolve("version");
      try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
        var http = client.getHttpClient();
        var request = http.newHttpRequestBuilder().uri(version).build();
        var status = http.sendAsync(request, String.class).get(10, TimeUnit.SECONDS).code();
        if (status == 401 || status == 403) {
          throw new K3sException(
              "The Kubernetes API at "
                  + config.getMasterUrl()
                  + " refused the cluster's credentials (HTTP "
                  + status
                  + "). The kubeconfig may come from an earlier cluster: `drover kube reset` makes"
                  + " a new cluster with new credentials.");
        }
        return status == 200;
      } catch (ExecutionException failed) {
        if (hasCause(failed, SSLException.class)) {
          throw new K3sException(
              "The Kubernetes API at "
                  + config.getMasterUrl()
                  + " presented a certificate that the kubeconfig's certificate authority does not"
                  + " trust, so something else may answer on that port or the kubeconfig comes from"
                  + " an earlier cluster: `drover kube reset` makes a new cluster and kubeconfig. ("
                  + failed.getCause()
                  + ")",
              failed);
        }
        return false;
      } catch (TimeoutException | RuntimeException notYet) {
        if (notYet instanceof K3sException refused) throw refused;
        return false;
      }
    };
  }

  private static boolean hasCause(Throwable failure, Class<? extends Throwable> kind) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (kind.isInstance(cause)) return true;
    }
    return false;
  }
}
