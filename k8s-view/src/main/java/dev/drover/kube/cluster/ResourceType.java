package dev.drover.kube.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Map;
import java.util.function.Function;

/**
 * A kind of object a table can show: how to reach it with the client and how to turn one into a
 * row.
 *
 * @param id stable name, e.g. "pods" or "certificates.cert-manager.io"
 * @param title as the kind list shows it
 * @param group the heading it is listed under (Workloads, Network, Config, Storage, Cluster,
 *     Custom)
 * @param namespaced whether objects live in namespaces
 * @param labels only objects with these labels belong to the kind (Helm releases are labelled
 *     secrets)
 */
public record ResourceType(
    String id,
    String title,
    String group,
    boolean namespaced,
    Function<
            KubernetesClient,
            MixedOperation<? extends HasMetadata, ?, ? extends Resource<? extends HasMetadata>>>
        operation,
    Function<HasMetadata, ResourceRow> toRow,
    Map<String, String> labels) {

  public ResourceType {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public ResourceType(
      String id,
      String title,
      String group,
      boolean namespaced,
      Function<
              KubernetesClient,
              MixedOperation<? extends HasMetadata, ?, ? extends Resource<? extends HasMetadata>>>
          operation,
      Function<HasMetadata, ResourceRow> toRow) {
    this(id, title, group, namespaced, operation, toRow, Map.of());
  }

  /** Helm releases: each row one revision, read from the release secret. */
  public boolean helm() {
    return id.equals("helmreleases");
  }

  public boolean isPods() {
    return id.equals("pods");
  }

  /** Deployments and StatefulSets have a replica count a user sets. */
  public boolean scalable() {
    return id.equals("deployments") || id.equals("statefulsets");
  }

  /** Workloads whose pods a rollout restart replaces. */
  public boolean restartable() {
    return id.equals("deployments") || id.equals("statefulsets") || id.equals("daemonsets");
  }

  /** Pods and services have ports to forward. */
  public boolean forwardable() {
    return id.equals("pods") || id.equals("services");
  }

  public boolean secrets() {
    return id.equals("secrets");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ResourceType type && type.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return title;
  }
}
