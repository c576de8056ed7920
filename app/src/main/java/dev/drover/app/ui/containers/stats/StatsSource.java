package dev.drover.app.ui.containers.stats;

import dev.drover.engine.stats.ContainerStats;
import dev.drover.engine.stats.StatsSample;
import dev.drover.engine.stats.StatsSubscription;
import java.util.function.Consumer;

/**
 * Where the stats view's samples come from: the engine's {@link ContainerStats#follow(String,
 * Consumer, Runnable)}.
 */
@FunctionalInterface
public interface StatsSource {

  /**
   * Starts streaming the resource use of {@code containerId} and returns at once; samples reach
   * {@code samples} on a stream thread, and {@code onEnd} runs once when the stream ends by itself.
   */
  StatsSubscription follow(String containerId, Consumer<StatsSample> samples, Runnable onEnd);
}
