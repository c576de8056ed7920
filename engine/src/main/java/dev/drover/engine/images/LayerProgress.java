package dev.drover.engine.images;

/**
 * One layer of a pull or push as the engine last reported it.
 *
 * @param id the short layer id the engine uses in its progress messages
 * @param status the engine's word for the step, e.g. "Downloading", "Extracting", "Pull complete",
 *     "Pushed"
 * @param current bytes done in the current step; 0 when unknown
 * @param total bytes in the current step; 0 when unknown
 */
public record LayerProgress(String id, String status, long current, long total) {

  /** Whether the engine has reported this layer finished (or not needed). */
  public boolean done() {
    return switch (status) {
      case "Pull complete", "Already exists", "Pushed", "Layer already exists", "Mounted from" ->
          true;
      default -> status.startsWith("Mounted from");
    };
  }
}
