package dev.drover.app.ui.volumes;

import dev.drover.engine.volumes.PruneResult;
import dev.drover.engine.volumes.VolumeService;
import dev.drover.engine.volumes.VolumeSummary;
import java.util.List;

/** What the volumes page reads and changes: the engine's volumes ({@link #of(VolumeService)}). */
public interface Volumes {

  /** Every volume, sorted by name. */
  List<VolumeSummary> list();

  /** Creates a named volume with the default driver. */
  void create(String name);

  /** Removes a volume no container mounts. */
  void remove(String name);

  /** Removes every volume no container mounts. */
  PruneResult prune();

  /** The volumes of the engine {@code service} talks to. */
  static Volumes of(VolumeService service) {
    return new Volumes() {
      @Override
      public List<VolumeSummary> list() {
        return service.list();
      }

      @Override
      public void create(String name) {
        service.create(name);
      }

      @Override
      public void remove(String name) {
        service.remove(name);
      }

      @Override
      public PruneResult prune() {
        return service.prune();
      }
    };
  }
}
