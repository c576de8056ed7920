package dev.drover.engine.images;

import java.util.List;

/**
 * A snapshot of a push: every layer seen so far, and the whole.
 *
 * @param layers in the order the engine first named them
 * @param fraction 0..1: bytes sent over bytes known, over the layers whose size is known; 1 once
 *     the push is done
 * @param status the engine's last overall message, e.g. "The push refers to repository […]" or the
 *     digest line
 * @param done the engine has finished the push successfully
 */
public record PushProgress(
    List<LayerProgress> layers, double fraction, String status, boolean done) {

  public PushProgress {
    layers = List.copyOf(layers);
  }
}
