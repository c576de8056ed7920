package dev.drover.app.kubernetes;

import java.util.Optional;

/**
 * "Reset Kubernetes": wipes the local cluster's state and starts it fresh (k3s's {@code
 * K3sCluster.reset}).
 */
public interface ClusterReset {

  /** Empty when a reset can run; otherwise why not, shown next to the disabled button. */
  Optional<String> unavailableReason();

  /** Blocks until the fresh cluster runs or the reset failed; callers run it off the UI thread. */
  void reset() throws Exception;
}
