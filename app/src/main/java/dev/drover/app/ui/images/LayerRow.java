package dev.drover.app.ui.images;

import dev.drover.engine.images.LayerProgress;

/**
 * One layer line under the pull (or push) progress bar: "a1b2c3d4e5f6 Downloading 1.2 MB / 3.4 MB".
 */
public record LayerRow(String id, String status, String bytes) {

  static LayerRow of(LayerProgress layer) {
    var bytes =
        layer.total() > 0
            ? ImageRow.humanBytes(layer.current()) + " / " + ImageRow.humanBytes(layer.total())
            : "";
    return new LayerRow(layer.id(), layer.status(), bytes);
  }

  @Override
  public String toString() {
    return id + "  " + status + (bytes.isEmpty() ? "" : "  " + bytes);
  }
}
