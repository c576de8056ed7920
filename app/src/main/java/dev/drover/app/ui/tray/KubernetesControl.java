package dev.drover.app.ui.tray;

import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes part of the tray menu: the cluster switch and the kubeconfig context.
 *
 * <p>The app's is {@code dev.drover.app.ui.tray.KubernetesTrayControl}; {@link #notAvailable()} is
 * for builds and tests without Kubernetes. Methods may block (they touch kubeconfig and the
 * cluster); callers run them off the UI thread, and a snapshot is read again after each change.
 */
public interface KubernetesControl {

  /** What the tray shows: whether a cluster can be switched at all, and its state. */
  record Snapshot(
      boolean available,
      boolean enabled,
      String state,
      List<String> contexts,
      Optional<String> currentContext) {
    public Snapshot {
      contexts = List.copyOf(contexts);
    }
  }

  Snapshot snapshot() throws Exception;

  void setEnabled(boolean enabled) throws Exception;

  void useContext(String context) throws Exception;

  /** No Kubernetes in this build: the items are shown, disabled, with the reason. */
  static KubernetesControl notAvailable() {
    return new KubernetesControl() {
      @Override
      public Snapshot snapshot() {
        return new Snapshot(
            false, false, "not available in this version", List.of(), Optional.empty());
      }

      @Override
      public void setEnabled(boolean enabled) {
        throw new UnsupportedOperationException(
            "Kubernetes is not available in this version of Drover.");
      }

      @Override
      public void useContext(String context) {
        throw new UnsupportedOperationException(
            "Kubernetes is not available in this version of Drover.");
      }
    };
  }
}
