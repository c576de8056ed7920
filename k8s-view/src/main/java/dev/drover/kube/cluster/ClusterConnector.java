package dev.drover.kube.cluster;

import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.function.Function;

/**
 * Opens the app's cluster connections, all sharing one JSON mapper. A fresh client builds its
 * mapper's deserializers for the whole Pod type graph during its first list, which is a third of
 * listing 5 000 pods (measured: 96 ms with a fresh client, 63 ms with a mapper that had parsed pods
 * before); shared, each context switch after the first, and the first page after {@link #warmUp()},
 * parse at the warm speed. It also keeps one connection made ahead ({@link #prepare}) for the
 * context the page will open first, until the first is asked for.
 */
public final class ClusterConnector
    implements Function<KubeContext, ClusterConnection>, AutoCloseable {

  /** The smallest lists that make the mapper resolve every type a Pod or Namespace holds. */
  private static final String POD =
      "{\"apiVersion\":\"v1\","
          + "\"kind\":\"Pod\",\"metadata\":{\"name\":\"warm-up\",\"namespace\":\"default\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"},"
          + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"busybox\",\"ports\":[{\"containerPort\":80}]}]},"
          + "\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":true,\"restartCount\":0,"
          + "\"state\":{\"running\":{\"startedAt\":\"2024-01-01T00:00:00Z\"}}}]}}";

  private static final String PODS =
      "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{},\"items\":[" + POD + "]}";
  private static final String NAMESPACES =
      "{\"apiVersion\":\"v1\",\"kind\":\"NamespaceList\",\"metadata\":{},"
          + "\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"},\"status\":{\"phase\":\"Active\"}}]}";

  /**
   * Made on first use: it loads Jackson and Fabric8's model, which the app's first frame does not
   * need.
   */
  private KubernetesSerialization serialization;

  private synchronized KubernetesSerialization serialization() {
    if (serialization == null) serialization = new KubernetesSerialization();
    return serialization;
  }

  /** A connection made ahead for a context (no I/O done), with its kubeconfig's time stamp then. */
  private record Prepared(KubeContext context, FileTime modified, ClusterConnection connection) {}

  private Prepared prepared;

  /**
   * Once a connection has been asked for (or the connector closed), one made ahead would only be
   * left over.
   */
  private boolean pastPreparing;

  /**
   * A connection through {@code context}: the one {@link #prepare} made for it if its kubeconfig is
   * unchanged.
   */
  @Override
  public ClusterConnection apply(KubeContext context) {
    Prepared ready;
    synchronized (this) {
      ready = prepared;
      prepared = null;
      pastPreparing = true;
    }
    if (ready != null) {
      if (ready.context().equals(context) && ready.modified().equals(modified(context)))
        return ready.connection();
      ready.connection().close();
    }
    return ClusterConnection.open(context, serialization());
  }

  /**
   * Makes the client for {@code context} now (reading its kubeconfig and building the HTTP client,
   * no request), for the first {@link #apply} to take if it asks for the same context and the
   * kubeconfig is unchanged. Returns it, or null when nothing is made: a connection was already
   * asked for, or the context's user logs in through a program or an auth provider (making the
   * client would run that login, which must wait until the user opens a cluster).
   */
  public ClusterConnection prepare(KubeContext context) {
    synchronized (this) {
      if (pastPreparing) return null;
    }
    if (context.logsInThroughAProgram()) return null;
    var made =
        new Prepared(context, modified(context), ClusterConnection.open(context, serialization()));
    Prepared replaced;
    synchronized (this) {
      if (pastPreparing) {
        replaced = made; // the page opened its own meanwhile
      } else {
        replaced = prepared;
        prepared = made;
      }
    }
    if (replaced != null) replaced.connection().close();
    return replaced == made ? null : made.connection();
  }

  private static FileTime modified(KubeContext context) {
    try {
      return Files.getLastModifiedTime(context.file());
    } catch (IOException e) {
      return FileTime.fromMillis(-1);
    }
  }

  /** Closes a prepared connection nobody took; none is made after this. */
  @Override
  public void close() {
    Prepared left;
    synchronized (this) {
      left = prepared;
      prepared = null;
      pastPreparing = true;
    }
    if (left != null) left.connection().close();
  }

  /**
   * Builds the deserializers the Kubernetes page needs first (pods, namespaces), without a cluster:
   * called while the app is idle, so the page's first list does not pay for them while the user
   * waits.
   */
  public void warmUp() {
    var pods = serialization().unmarshal(PODS, PodList.class);
    var namespaces = serialization().unmarshal(NAMESPACES, NamespaceList.class);
    var change =
        serialization()
            .unmarshal("{\"type\":\"MODIFIED\",\"object\":" + POD + "}", WatchEvent.class);
    if (pods.getItems().size() != 1
        || namespaces.getItems().size() != 1
        || !(change.getObject() instanceof Pod)) {
      throw new IllegalStateException("the warm-up lists did not parse");
    }
  }
}
