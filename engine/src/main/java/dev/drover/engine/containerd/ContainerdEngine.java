package dev.drover.engine.containerd;

import dev.drover.engine.EngineException;
import java.time.Duration;
import java.util.List;

/**
 * containerd's own API (gRPC), for a VM whose engine is containerd alone (no dockerd), the way
 * Rancher Desktop's containerd mode works: what nerdctl and Kubernetes see. Objects live in
 * namespaces ("default" for nerdctl and ctr, "k8s.io" for Kubernetes, "moby" for dockerd's own
 * containers).
 *
 * <p>Every call blocks on the network: call it from a background thread. Failures are {@link
 * EngineException}s whose message says what happened and what to do (containerd's own words where
 * it gave some).
 */
public interface ContainerdEngine extends AutoCloseable {

  /** containerd's version, e.g. "1.6.20~ds1"; also the cheapest "does it answer" call. */
  String version();

  /** The namespaces that exist, sorted by name. */
  List<String> namespaces();

  /**
   * The namespace's containers, each with its task's state (a container without a task is {@code
   * CREATED}).
   */
  List<ContainerdContainer> containers(String namespace);

  /** The namespace's images, with their content size. */
  List<ContainerdImage> images(String namespace);

  /**
   * Starts a container's task again after it stopped (a new task on the same container, like {@code
   * ctr task start -d}).
   */
  void start(String namespace, String containerId);

  /**
   * Sends SIGTERM to the container's task, then SIGKILL when it has not exited within {@code
   * grace}; waits for the exit.
   */
  void stop(String namespace, String containerId, Duration grace);

  /**
   * Removes a container that has no running task: its stopped task, the container and its snapshot.
   */
  void remove(String namespace, String containerId);

  /** Removes an image by name. */
  void removeImage(String namespace, String imageName);

  /**
   * Follows containerd's event stream (containers, tasks, images; all namespaces). Events arrive on
   * a background thread; the stream is re-opened by itself when it breaks, telling the listener.
   * Closing the handle ends it.
   */
  AutoCloseable subscribe(ContainerdListener listener);

  @Override
  void close();
}
