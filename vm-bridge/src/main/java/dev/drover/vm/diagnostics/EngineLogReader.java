package dev.drover.vm.diagnostics;

import dev.drover.engine.EngineEndpoint;
import java.io.IOException;
import java.util.List;

/**
 * Reads the newest lines of the engine's log in the running VM, for the troubleshooting page.
 * Blocks: background only.
 */
@FunctionalInterface
public interface EngineLogReader {

  /** The last {@code lines} lines, oldest first. */
  List<String> tail(EngineEndpoint engine, int lines) throws IOException;
}
