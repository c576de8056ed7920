package dev.drover.app.ui.shell;

import dev.drover.engine.EngineStatus;

/**
 * What an engine page's empty table says, from the engine's status: the same words on every page.
 */
public final class EmptyTableText {

  private EmptyTableText() {}

  /**
   * @param whenConnected what an empty list means once connected, or null to leave the text as it
   *     is
   */
  public static String of(EngineStatus status, String whenConnected) {
    return switch (status) {
      case EngineStatus.Connecting c -> "Connecting to the engine…";
      case EngineStatus.Connected c -> whenConnected;
      case EngineStatus.Unreachable u -> "The engine is unreachable: " + u.reason();
    };
  }
}
