package dev.drover.app.ui.containers.logs;

import dev.drover.engine.logs.ContainerLogs;
import dev.drover.engine.logs.LogRequest;
import dev.drover.engine.logs.LogSink;
import dev.drover.engine.logs.LogSubscription;

/**
 * Where the log view's lines come from: a container's engine ({@link ContainerLogs#follow}), a
 * pod's container in a cluster. The view model asks for a stream each time it reads the log, so it
 * does not care which.
 */
@FunctionalInterface
public interface LogSource {

  /**
   * Starts streaming the log of {@code containerId} as {@code request} asks and returns at once;
   * lines and the stream's end arrive through {@code sink} on a stream thread.
   */
  LogSubscription follow(String containerId, LogRequest request, LogSink sink);
}
