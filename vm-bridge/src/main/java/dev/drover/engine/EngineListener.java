package dev.drover.engine;

/**
 * Receives what an {@link EngineWatcher} sees. Called on the watcher's own thread, one call at a time;
 * implementations hand the work to whatever thread they draw on and return quickly.
 */
public interface EngineListener {

    void statusChanged(EngineStatus status);

    void containersChanged(ContainerUpdate update);
}
