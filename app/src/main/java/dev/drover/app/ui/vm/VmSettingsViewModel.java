package dev.drover.app.ui.vm;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.vm.DriverKind;
import dev.drover.vm.SharedFolder;
import dev.drover.vm.VmConfig;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.host.DriverChoice;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.network.CaCertificates;
import dev.drover.vm.network.ProxySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.Property;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The VM section of Settings: driver, CPUs, memory, disk size, engine, shared folders, and the
 * proxy and extra CA certificates the guest's engines use. Every valid change is saved at once and
 * configured for the VM's next start; an invalid one is put back (a proxy address being typed is
 * kept as typed) and explained, the rest stays as it was.
 */
public final class VmSettingsViewModel {

  private final ObjectProperty<DriverChoice> driver;
  private final IntegerProperty cpus;
  private final IntegerProperty memoryMib;
  private final IntegerProperty diskGib;
  private final ObjectProperty<VmConfig.Engine> engine;
  private final StringProperty httpProxy;
  private final StringProperty httpsProxy;
  private final StringProperty noProxy;
  private final BooleanProperty hostCertificates;
  private final ObservableList<Path> certificateFiles = FXCollections.observableArrayList();
  private final Background background;
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
  private final ReadOnlyListWrapper<SharedFolder> sharedFolders =
      new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
  private final ReadOnlyStringWrapper sharedFoldersProblem = new ReadOnlyStringWrapper("");
  private final DriverKind driverKind;
  private final GuestArch guestArch;
  private final Consumer<VmSettings> save;
  private final boolean cpusMemoryApply;
  private VmSettings current;
  private boolean reverting;

  /**
   * @param save stores the settings and configures the VM (called on the UI thread, returns at
   *     once)
   * @param driverKind the driver this computer runs the VM with (WSL 2 shares its own CPUs and
   *     memory and reaches every drive by itself; Hyperkit shares no folder)
   * @param guestArch the guest's architecture, which follows this computer's processor
   * @param background reads a certificate file the user adds
   */
  public VmSettingsViewModel(
      VmSettings loaded,
      Consumer<VmSettings> save,
      DriverKind driverKind,
      GuestArch guestArch,
      Background background) {
    this.current = loaded;
    this.guestArch = guestArch;
    this.background = background;
    this.save = save;
    this.driverKind = driverKind;
    this.cpusMemoryApply = driverKind != DriverKind.WSL2;
    sharedFolders.setAll(loaded.sharedFolders());
    driver = new SimpleObjectProperty<>(loaded.driver());
    cpus = new SimpleIntegerProperty(loaded.cpus());
    memoryMib = new SimpleIntegerProperty(loaded.memoryMib());
    diskGib = new SimpleIntegerProperty(loaded.diskGib());
    engine = new SimpleObjectProperty<>(loaded.engine());
    watch(driver, v -> current.withDriver((DriverChoice) v));
    watch(cpus, v -> current.withCpus(((Number) v).intValue()));
    watch(memoryMib, v -> current.withMemoryMib(((Number) v).intValue()));
    watch(diskGib, v -> current.withDiskGib(((Number) v).intValue()));
    watch(engine, v -> current.withEngine((VmConfig.Engine) v));
    var network = loaded.network();
    httpProxy = new SimpleStringProperty(network.proxy().httpProxy());
    httpsProxy = new SimpleStringProperty(network.proxy().httpsProxy());
    noProxy = new SimpleStringProperty(network.proxy().noProxy());
    hostCertificates = new SimpleBooleanProperty(network.hostCertificates());
    certificateFiles.setAll(network.certificateFiles());
    for (var field : List.of(httpProxy, httpsProxy, noProxy)) {
      field.addListener((obs, old, value) -> proxyChanged());
    }
    hostCertificates.addListener(
        (obs, old, value) ->
            saveNetwork(current.withNetwork(current.network().withHostCertificates(value))));
  }

  /**
   * A proxy address that is not one yet (being typed) is explained and not saved; the last valid
   * proxy stays in the settings.
   */
  private void proxyChanged() {
    try {
      var proxy = new ProxySettings(httpProxy.get(), httpsProxy.get(), noProxy.get());
      saveNetwork(current.withNetwork(current.network().withProxy(proxy)));
    } catch (IllegalArgumentException e) {
      problem.set(e.getMessage());
    }
  }

  private void saveNetwork(VmSettings next) {
    current = next;
    problem.set("");
    save.accept(next);
  }

  /**
   * Adds a CA certificate file once it has been read as one; a file that is not explains why and
   * the settings stay as they were.
   */
  public void addCertificateFile(Path file) {
    if (certificateFiles.contains(file)) return;
    background.run(
        () -> CaCertificates.readFile(file),
        pem -> {
          if (certificateFiles.contains(file)) return;
          certificateFiles.add(file);
          saveNetwork(
              current.withNetwork(current.network().withCertificateFiles(certificateFiles)));
        },
        failure -> problem.set(failure.getMessage()));
  }

  public void removeCertificateFile(Path file) {
    if (certificateFiles.remove(file)) {
      saveNetwork(current.withNetwork(current.network().withCertificateFiles(certificateFiles)));
    }
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
              ((Property) property).setValue(old);
            } finally {
              reverting = false;
            }
          }
        });
  }

  /**
   * The guest's architecture, read-only: it follows this computer's processor (arm64 on Apple
   * Silicon, amd64 on Intel and most PCs), so the guest runs at native speed.
   */
  public String guestArchitecture() {
    return guestArch.debianName() + " (follows this computer's processor)";
  }

  public List<DriverChoice> drivers() {
    return List.of(DriverChoice.values());
  }

  public List<VmConfig.Engine> engines() {
    return List.of(VmConfig.Engine.values());
  }

  public ObjectProperty<DriverChoice> driverProperty() {
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

  /** HTTP_PROXY for the VM; empty takes this computer's. */
  public StringProperty httpProxyProperty() {
    return httpProxy;
  }

  /** HTTPS_PROXY for the VM; empty takes this computer's. */
  public StringProperty httpsProxyProperty() {
    return httpsProxy;
  }

  /** NO_PROXY for the VM; empty takes this computer's. */
  public StringProperty noProxyProperty() {
    return noProxy;
  }

  /** Whether the VM also trusts this computer's system CA certificates. */
  public BooleanProperty hostCertificatesProperty() {
    return hostCertificates;
  }

  /** The CA certificate files the VM trusts besides the usual ones. */
  public ObservableList<Path> certificateFiles() {
    return FXCollections.unmodifiableObservableList(certificateFiles);
  }

  /** The last rejected change and why; empty when all is well. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /** The folders the VM shares, as saved. */
  public ReadOnlyListProperty<SharedFolder> sharedFoldersProperty() {
    return sharedFolders.getReadOnlyProperty();
  }

  /** Why the last folder could not be added; empty when all is well. */
  public ReadOnlyStringProperty sharedFoldersProblemProperty() {
    return sharedFoldersProblem.getReadOnlyProperty();
  }

  /**
   * Shares {@code path} (as typed or picked) from the VM's next start; a path the VM cannot share
   * is explained and nothing changes.
   */
  public void addSharedFolder(String path, boolean readOnly) {
    try {
      var text = path == null ? "" : path.strip();
      if (text.isEmpty()) throw new IllegalArgumentException("enter or choose a folder to share");
      var folder = new SharedFolder(Path.of(text), readOnly);
      var next = new ArrayList<SharedFolder>();
      for (var existing : current.sharedFolders()) {
        if (!existing.path().equals(folder.path())) next.add(existing);
      }
      next.add(folder); // adding a shared folder again changes its read-only flag
      saveSharedFolders(next);
    } catch (IllegalArgumentException e) {
      sharedFoldersProblem.set(e.getMessage());
    }
  }

  /** Stops sharing {@code folder} from the VM's next start. */
  public void removeSharedFolder(SharedFolder folder) {
    var next = new ArrayList<>(current.sharedFolders());
    if (next.remove(folder)) saveSharedFolders(next);
  }

  private void saveSharedFolders(List<SharedFolder> next) {
    current = current.withSharedFolders(next);
    sharedFolders.setAll(next);
    sharedFoldersProblem.set("");
    save.accept(current);
  }

  /** How host folders reach the VM with this computer's driver, and when a change applies. */
  public String sharedFoldersNote() {
    return switch (driverKind) {
      case HYPERKIT ->
          "The Hyperkit VM cannot see this computer's folders: host folders need the QEMU driver"
              + " (choose QEMU above).";
      case WSL2 ->
          "WSL 2 reaches every Windows drive by itself (C:\\Users\\me is /mnt/c/Users/me in the"
              + " VM); this list is not needed.";
      case QEMU ->
          "Each folder appears inside the VM at the same path, so docker run -v \"$PWD\":/app"
              + " works. Changes apply at the VM's next start.";
    };
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
