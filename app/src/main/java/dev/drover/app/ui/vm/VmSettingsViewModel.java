package dev.drover.app.ui.vm;

import dev.drover.vm.VmConfig;
import dev.drover.vm.host.VmSettings;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;

/**
 * The VM section of Settings: driver, CPUs, memory, disk size, engine. Every valid change is saved
 * at once and configured for the VM's next start; an invalid one is put back and explained, the
 * rest stays as it was.
 */
public final class VmSettingsViewModel {

  private final ObjectProperty<String> driver;
  private final IntegerProperty cpus;
  private final IntegerProperty memoryMib;
  private final IntegerProperty diskGib;
  private final ObjectProperty<VmConfig.Engine> engine;
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
  private final Consumer<VmSettings> save;
  private final boolean cpusMemoryApply;
  private VmSettings current;
  private boolean reverting;

  /**
   * @param save stores the settings and configures the VM (called on the UI thread, returns at
   *     once)
   * @param cpusMemoryApply whether this computer's driver honours CPUs and memory (WSL 2 shares its
   *     own)
   */
  public VmSettingsViewModel(
      VmSettings loaded, Consumer<VmSettings> save, boolean cpusMemoryApply) {
    this.current = loaded;
    this.save = save;
    this.cpusMemoryApply = cpusMemoryApply;
    driver = new SimpleObjectProperty<>(loaded.driver());
    cpus = new SimpleIntegerProperty(loaded.cpus());
    memoryMib = new SimpleIntegerProperty(loaded.memoryMib());
    diskGib = new SimpleIntegerProperty(loaded.diskGib());
    engine = new SimpleObjectProperty<>(loaded.engine());
    watch(driver, v -> current.withDriver((String) v));
    watch(cpus, v -> current.withCpus(((Number) v).intValue()));
    watch(memoryMib, v -> current.withMemoryMib(((Number) v).intValue()));
    watch(diskGib, v -> current.withDiskGib(((Number) v).intValue()));
    watch(engine, v -> current.withEngine((VmConfig.Engine) v));
  }

  private interface Change {
    VmSettings apply(Object value);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void watch(ObservableValue<?> property, Change change) {
    property.addListener(
        (obs, old, value) -> {
          if (reverting) return;
          try {
            if (value == null) throw new IllegalArgumentException("choose a value");
            var next = change.apply(value);
            if (next.diskGib() < current.diskGib()) {
              throw new IllegalArgumentException(
                  "the disk can only grow (it holds your images and volumes); it stays at "
                      + current.diskGib()
                      + " GiB");
            }
            current = next;
            problem.set("");
            save.accept(next);
          } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
            reverting = true;
            try {
              ((javafx.beans.property.Property) property).setValue(old);
            } finally {
              reverting = false;
            }
          }
        });
  }

  public List<String> drivers() {
    return VmSettings.DRIVERS;
  }

  public List<VmConfig.Engine> engines() {
    return List.of(VmConfig.Engine.values());
  }

  public ObjectProperty<String> driverProperty() {
    return driver;
  }

  public IntegerProperty cpusProperty() {
    return cpus;
  }

  public IntegerProperty memoryMibProperty() {
    return memoryMib;
  }

  public IntegerProperty diskGibProperty() {
    return diskGib;
  }

  public ObjectProperty<VmConfig.Engine> engineProperty() {
    return engine;
  }

  /** The last rejected change and why; empty when all is well. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  public boolean cpusMemoryApply() {
    return cpusMemoryApply;
  }

  public VmSettings current() {
    return current;
  }

  /** What the user should know about when changes apply. */
  public String note() {
    return "Changes apply at the VM's next start; a different driver at Drover's next start."
        + (cpusMemoryApply
            ? ""
            : " WSL 2 shares its CPUs and memory between distributions (set them in .wslconfig).");
  }
}
