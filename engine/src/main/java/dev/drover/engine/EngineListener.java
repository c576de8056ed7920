package dev.drover.engine;

import java.util.Set;

/**
 * Receives what an {@link EngineWatcher} sees. Called on the watcher's own thread, one call at a
 * time; implementations hand the work to whatever thread they draw on and return quickly.
 */
public interface EngineListener {

  void statusChanged(EngineStatus status);

  void containersChanged(ContainerUpdate update);

  /**
   * Images, volumes or networks changed (one call per burst of engine events), or the engine was
   * (re)connected and every list should be fetched again. Lists are re-read on this signal, never
   * polled.
   */
  default void resourcesChanged(Set<ResourceKind> kinds) {}
}
