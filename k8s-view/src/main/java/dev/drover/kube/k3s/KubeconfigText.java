package dev.drover.kube.k3s;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;

/** A cluster's own kubeconfig, pointed at the forwarded address for the readiness check. */
final class KubeconfigText {

  private final String text;

  KubeconfigText(String text) {
    this.text = text;
  }

  /** The context k3s marked current ({@code default}). */
  String currentContext() {
    var config = new KubernetesSerialization().unmarshal(text, Config.class);
    if (config == null
        || config.getCurrentContext() == null
        || config.getCurrentContext().isBlank()) {
      throw new K3sException("k3s wrote a kubeconfig without a current context");
    }
    return config.getCurrentContext();
  }

  String withServer(URI server) {
    var serialization = new KubernetesSerialization();
    var config = serialization.unmarshal(text, Config.class);
    if (config == null || config.getClusters() == null)
      throw new K3sException("k3s wrote an empty kubeconfig");
    config.getClusters().forEach(cluster -> cluster.getCluster().setServer(server.toString()));
    return serialization.asYaml(config);
  }
}
