package dev.drover.engine;

/**
 * The app's connection to one engine. A watcher moves Connecting → Connected, Connected →
 * Unreachable when the engine goes away, and Unreachable → Connected when it returns; Unreachable
 * always carries a reason a user can act on.
 */
public sealed interface EngineStatus {

  /** The endpoint this status is about; null only while it could not be resolved at all. */
  EngineEndpoint endpoint();

  record Connecting(EngineEndpoint endpoint) implements EngineStatus {}

  record Connected(EngineEndpoint endpoint, String engineVersion, String operatingSystem)
      implements EngineStatus {}

  record Unreachable(EngineEndpoint endpoint, String reason) implements EngineStatus {}
}
