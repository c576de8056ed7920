package dev.drover.app.ui.kubernetes;

import dev.drover.kube.cluster.exec.PodShells;
import java.util.List;

/** Where a pod's shells come from: the cluster's {@link PodShells}, or a stand-in in a test. */
public interface PodShellSessions {

  /** The containers of {@code pod} a shell can be opened in, the default one first. */
  List<String> containers(String namespace, String pod);

  /**
   * Starts a shell in {@code container} of {@code pod} and returns once the cluster accepted it;
   * output and the end arrive through {@code sink} on a stream thread.
   */
  PodShells.Session open(
      String namespace, String pod, String container, int columns, int rows, PodShells.Sink sink);

  /** The shells of the cluster {@code shells} talks to. */
  static PodShellSessions of(PodShells shells) {
    return new PodShellSessions() {
      @Override
      public List<String> containers(String namespace, String pod) {
        return shells.containers(namespace, pod);
      }

      @Override
      public PodShells.Session open(
          String namespace,
          String pod,
          String container,
          int columns,
          int rows,
          PodShells.Sink sink) {
        return shells.open(namespace, pod, container, columns, rows, sink);
      }
    };
  }
}
