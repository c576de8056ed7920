package dev.drover.engine.images;

import java.util.List;

/**
 * A snapshot of a pull: every layer seen so far, and the whole.
 *
 * @param layers in the order the engine first named them
 * @param fraction 0..1: bytes done over bytes known, over the layers whose size is known; 1 once
 *     the pull is done
 * @param status the engine's last overall message, e.g. "Pulling from team/app" or "Status:
 *     Downloaded newer image…"
 * @param done the engine has finished the pull successfully
 */
public record PullProgress(
    List<LayerProgress> layers, double fraction, String status, boolean done) {

  public PullProgress {
    layers = List.copyOf(layers);
  }
}
