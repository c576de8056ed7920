package dev.drover.app.kubernetes;

import dev.drover.kube.k3s.K3sCluster;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The local k3s cluster as the app sees it: its status when one exists, its changes, and its reset.
 * Until Drover runs its own VM there is no cluster ({@link #withoutVm()}); the VM work passes
 * {@link #of} instead.
 */
public interface LocalCluster extends ClusterReset {

  /** The cluster's last known status, or empty when there is no cluster to ask. */
  Optional<K3sCluster.Status> status();

  /** {@code changed} runs, on any thread, after each status change, until the result is closed. */
  AutoCloseable subscribe(Runnable changed);

  /** No VM, so no cluster: enabling Kubernetes is remembered and takes effect with the VM. */
  static LocalCluster withoutVm() {
    return new LocalCluster() {
      @Override
      public Optional<K3sCluster.Status> status() {
        return Optional.empty();
      }

      @Override
      public AutoCloseable subscribe(Runnable changed) {
        return () -> {}; // Nothing ever changes without a VM.
      }

      @Override
      public Optional<String> unavailableReason() {
        return Optional.of(
            "Kubernetes runs in the Drover VM, which this version of Drover does not start yet;"
                + " there is no cluster to reset.");
      }

      @Override
      public void reset() {
        throw new IllegalStateException(unavailableReason().orElseThrow());
      }
    };
  }

  /**
   * The k3s cluster in Drover's VM; {@code options} gives the version and Traefik choice from
   * Settings.
   */
  static LocalCluster of(K3sCluster cluster, Supplier<K3sCluster.Options> options) {
    return of(cluster, options, () -> true);
  }

  /**
   * The k3s cluster in Drover's VM, which exists only while {@code vmRunning}: until then it has no
   * status (the status bar says what the switch says) and a reset says to start the VM first.
   */
  static LocalCluster of(
      K3sCluster cluster, Supplier<K3sCluster.Options> options, BooleanSupplier vmRunning) {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(vmRunning, "vmRunning");
    return new LocalCluster() {
      @Override
      public Optional<K3sCluster.Status> status() {
        return vmRunning.getAsBoolean() ? Optional.of(cluster.current()) : Optional.empty();
      }

      @Override
      public AutoCloseable subscribe(Runnable changed) {
        return cluster.subscribe(status -> changed.run());
      }

      @Override
      public Optional<String> unavailableReason() {
        return Optional.empty();
      }

      @Override
      public void reset() {
        if (!vmRunning.getAsBoolean()) {
          throw new IllegalStateException(
              "Kubernetes runs in the Drover VM, which is not running: start the VM"
                  + " first (the VM menu in the status bar), then reset.");
        }
        cluster.reset(options.get(), K3sCluster.Progress.none());
      }
    };
  }

  /**
   * A cluster made on demand by {@code make} (at the latest on {@link Deferred#create()}): the app
   * builds the k3s services after its first frame, while the status bar and Settings hold this from
   * the start.
   */
  static Deferred deferred(Supplier<LocalCluster> make) {
    return new Deferred(make);
  }

  /**
   * See {@link #deferred}. Until made it has no status (the status bar says what the switch says).
   */
  final class Deferred implements LocalCluster {
    private final Supplier<LocalCluster> make;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private LocalCluster made;

    private Deferred(Supplier<LocalCluster> make) {
      this.make = Objects.requireNonNull(make, "make");
    }

    /** Makes the cluster now (once); its changes reach the listeners from then on. */
    public synchronized LocalCluster create() {
      if (made == null) {
        made = make.get();
        made.subscribe(() -> listeners.forEach(Runnable::run));
      }
      return made;
    }

    @Override
    public synchronized Optional<K3sCluster.Status> status() {
      return made == null ? Optional.empty() : made.status();
    }

    @Override
    public AutoCloseable subscribe(Runnable changed) {
      listeners.add(changed);
      return () -> listeners.remove(changed);
    }

    @Override
    public Optional<String> unavailableReason() {
      return Optional.empty();
    }

    @Override
    public void reset() throws Exception {
      create().reset();
    }
  }
}
