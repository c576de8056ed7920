package dev.drover.kube.k3s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Whether a cluster's API answers, asked from the host through the forwarded port. */
@FunctionalInterface
public interface ApiReadiness {

  /**
   * @param kubeconfig a kubeconfig holding {@code context}
   * @return true once the API server answers; false while it is still starting
   */
  boolean ready(String kubeconfig, String context);

  /** Asks the API server for its version with the context's own credentials, as kubectl would. */
  static ApiReadiness fabric8() {
    return (kubeconfig, context) -> {
      var config = Config.fromKubeconfig(context, kubeconfig, null);
      config.setConnectionTimeout(3_000);
      config.setRequestTimeout(5_000);
      config.setRequestRetryBackoffLimit(0);
      try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
        return client.getKubernetesVersion() != null;
      } catch (RuntimeException notYet) {
        return false;
      }
    };
  }
}
