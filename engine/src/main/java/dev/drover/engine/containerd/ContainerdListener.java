package dev.drover.engine.containerd;

/** What {@link ContainerdEngine#events} tells; called on a background thread, must not block. */
public interface ContainerdListener {

  /**
   * Something changed.
   *
   * @param namespace where
   * @param topic containerd's topic, e.g. "/tasks/exit", "/containers/delete", "/images/create"
   */
  void changed(String namespace, String topic);

  /** The stream broke (containerd stopped, the VM went away); it is re-opened by itself. */
  void disconnected(String reason);

  /**
   * The stream is open (again): anything may have changed meanwhile, so lists should be read anew.
   */
  void connected();
}
