package dev.drover.engine.images;

import com.github.dockerjava.api.model.ResponseItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the engine's pull or push messages into per-layer state and an overall fraction. Not
 * thread-safe: one stream feeds it, on its own thread.
 */
final class TransferTracker {

  /** Statuses after which a layer's bytes have all been transferred (downloaded or sent). */
  private static final List<String> TRANSFERRED =
      List.of("Verifying Checksum", "Download complete", "Extracting", "Pull complete", "Pushed");

  private final Map<String, Layer> layers = new LinkedHashMap<>();
  private String status = "";

  private static final class Layer {
    String status = "";
    long current;
    long total;

    /**
     * Bytes to transfer: the total reported while downloading or pushing; 0 when never reported.
     */
    long size;

    boolean transferred;
  }

  /** Applies one message; returns false for messages that carry nothing to show. */
  boolean apply(ResponseItem item) {
    var message = item.getStatus();
    if (message == null) return false;
    var id = item.getId();
    // "Pulling from team/app" names the tag as its id; "Preparing"…"Pushed" and "Pulling fs layer"…
    // name layers.
    if (id == null
        || id.isBlank()
        || message.startsWith("Pulling from")
        || message.startsWith("The push refers to")) {
      status =
          id == null || id.isBlank() || message.startsWith("The push refers to")
              ? message
              : message + " (" + id + ")";
      return true;
    }
    var layer = layers.computeIfAbsent(id, k -> new Layer());
    layer.status = message;
    var detail = item.getProgressDetail();
    var current = detail == null || detail.getCurrent() == null ? 0L : detail.getCurrent();
    var total = detail == null || detail.getTotal() == null ? 0L : detail.getTotal();
    layer.current = current;
    layer.total = total;
    if ((message.equals("Downloading") || message.equals("Pushing")) && total > 0)
      layer.size = Math.max(layer.size, total);
    if (TRANSFERRED.contains(message)) layer.transferred = true;
    return true;
  }

  List<LayerProgress> layers() {
    var list = new ArrayList<LayerProgress>(layers.size());
    layers.forEach((id, l) -> list.add(new LayerProgress(id, l.status, l.current, l.total)));
    return list;
  }

  /**
   * Bytes transferred over bytes known, over layers whose size is known; by layers done when no
   * size is known.
   */
  double fraction() {
    long known = 0;
    long transferred = 0;
    for (var layer : layers.values()) {
      if (layer.size <= 0) continue;
      known += layer.size;
      transferred +=
          layer.transferred || new LayerProgress("", layer.status, 0, 0).done()
              ? layer.size
              : Math.min(layer.current, layer.size);
    }
    if (known > 0) return Math.min(1.0, (double) transferred / known);
    if (layers.isEmpty()) return 0;
    var done =
        layers.values().stream()
            .filter(l -> l.transferred || new LayerProgress("", l.status, 0, 0).done())
            .count();
    return (double) done / layers.size();
  }

  String status() {
    return status;
  }
}
