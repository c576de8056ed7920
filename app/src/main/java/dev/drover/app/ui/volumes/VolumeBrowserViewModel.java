package dev.drover.app.ui.volumes;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.engine.volumes.VolumeFiles;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** Browsing one volume's files, read-only: the list of files and a preview of the one chosen. */
public final class VolumeBrowserViewModel {

  private final ReadOnlyListWrapper<VolumeFiles.Entry> entries =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Reading the volume…");
  private final Background background;
  private final VolumeFiles files;
  private final String volume;

  public VolumeBrowserViewModel(Background background, VolumeFiles files, String volume) {
    this.background = background;
    this.files = files;
    this.volume = volume;
    background.run(
        () -> files.list(volume),
        listed -> {
          entries.setAll(listed);
          status.set(
              listed.isEmpty() ? "The volume is empty." : listed.size() + " files and folders");
        },
        failure -> status.set(failure.getMessage()));
  }

  public String volume() {
    return volume;
  }

  public ReadOnlyListProperty<VolumeFiles.Entry> entriesProperty() {
    return entries.getReadOnlyProperty();
  }

  /** The chosen file's first bytes as text; empty until one is chosen. */
  public ReadOnlyStringProperty previewProperty() {
    return preview.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Shows the start of {@code entry}, if it is a file. */
  public void open(VolumeFiles.Entry entry) {
    if (entry == null || entry.directory()) return;
    preview.set("");
    background.run(
        () -> files.preview(volume, entry.path()),
        preview::set,
        failure -> status.set(failure.getMessage()));
  }
}
