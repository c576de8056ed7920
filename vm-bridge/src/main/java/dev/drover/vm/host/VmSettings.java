package dev.drover.vm.host;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.core.settings.SettingsFile;
import dev.drover.vm.DriverKind;
import dev.drover.vm.SharedFolder;
import dev.drover.vm.VmConfig;
import dev.drover.vm.network.VmNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The VM part of the user's settings ({@code "vm"} in settings.json), read by the app and the
 * {@code drover} command alike. A missing or invalid field takes its default alone, as every other
 * setting does.
 *
 * @param driver a driver, or the one {@link HostDrivers} picks for this computer
 * @param cpus virtual CPUs, 1 to 64
 * @param memoryMib guest memory in MiB, 512 to 262144
 * @param diskGib data disk size in GiB, 1 to 4096 (it only grows)
 * @param engine moby (dockerd) or containerd
 * @param network the proxy and extra CA certificates for the guest's engines
 * @param sharedFolders host folders the VM mounts at their host paths (QEMU); by default the user's
 *     home folder, read-write
 */
public record VmSettings(
    DriverChoice driver,
    int cpus,
    int memoryMib,
    int diskGib,
    VmConfig.Engine engine,
    VmNetwork network,
    List<SharedFolder> sharedFolders) {

  private static final VmSettings DEFAULTS =
      new VmSettings(
          DriverChoice.AUTO, 2, 2048, 32, VmConfig.Engine.MOBY, VmNetwork.NONE, homeFolder());

  /**
   * These settings with no proxy or extra CA certificates and the default shared folders (the home
   * folder, read-write).
   */
  public VmSettings(
      DriverChoice driver, int cpus, int memoryMib, int diskGib, VmConfig.Engine engine) {
    this(driver, cpus, memoryMib, diskGib, engine, VmNetwork.NONE, homeFolder());
  }

  public VmSettings {
    if (driver == null) throw new IllegalArgumentException("a VM needs a driver choice");
    if (cpus < 1 || cpus > 64)
      throw new IllegalArgumentException("a VM has 1 to 64 CPUs, not " + cpus);
    if (memoryMib < 512 || memoryMib > 262_144)
      throw new IllegalArgumentException(
          "a VM has 512 MiB to 256 GiB of memory, not " + memoryMib + " MiB");
    if (diskGib < 1 || diskGib > 4096)
      throw new IllegalArgumentException("a VM disk has 1 to 4096 GiB, not " + diskGib);
    if (engine == null) throw new IllegalArgumentException("a VM needs an engine");
    if (network == null) network = VmNetwork.NONE;
    if (sharedFolders == null)
      throw new IllegalArgumentException("a VM needs a shared-folder list");
    sharedFolders = List.copyOf(sharedFolders);
    if (sharedFolders.stream().map(SharedFolder::path).distinct().count() < sharedFolders.size())
      throw new IllegalArgumentException("each folder is shared once");
  }

  /**
   * The user's home folder, shared read-write, as Docker Desktop, Lima and Colima do; none where
   * the home is not a Unix path (Windows, whose drives WSL 2 reaches by itself) or cannot be
   * shared.
   */
  private static List<SharedFolder> homeFolder() {
    var home = System.getProperty("user.home", "");
    if (!home.startsWith("/")) return List.of();
    try {
      return List.of(new SharedFolder(Path.of(home), false));
    } catch (IllegalArgumentException unsharable) {
      return List.of();
    }
  }

  public static VmSettings defaults() {
    return DEFAULTS;
  }

  public VmConfig toConfig(String name) {
    return new VmConfig(name, cpus, memoryMib, diskGib, engine, network, sharedFolders);
  }

  /** The settings in a {@code "vm"} JSON object; each bad or missing field takes its default. */
  public static VmSettings fromJson(JsonNode vm) {
    var d = DEFAULTS;
    if (vm == null || !vm.isObject()) return d;
    var driver =
        vm.path("driver").isTextual()
            ? DriverChoice.fromWord(vm.get("driver").asText()).orElse(d.driver)
            : d.driver;
    var cpus = intIn(vm.path("cpus"), 1, 64, d.cpus);
    var memory = intIn(vm.path("memoryMib"), 512, 262_144, d.memoryMib);
    var disk = intIn(vm.path("diskGib"), 1, 4096, d.diskGib);
    var engine = d.engine;
    if (vm.path("engine").isTextual()) {
      try {
        engine = VmConfig.Engine.valueOf(vm.get("engine").asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ignored) {
        // an engine a newer Drover knows: keep the default
      }
    }
    return new VmSettings(
        driver,
        cpus,
        memory,
        disk,
        engine,
        VmNetwork.fromJson(vm.get("network")),
        sharedFolders(vm, d));
  }

  /**
   * {@code "sharedFolders": [{"path": "/home/me", "readOnly": false}, …]}; a folder that cannot be
   * shared is left out, and a list that is not a list gives the default.
   */
  private static List<SharedFolder> sharedFolders(JsonNode vm, VmSettings defaults) {
    var list = vm.path("sharedFolders");
    if (!list.isArray()) return defaults.sharedFolders;
    var folders = new ArrayList<SharedFolder>();
    for (var entry : list) {
      try {
        var folder =
            new SharedFolder(
                Path.of(entry.path("path").asText("")), entry.path("readOnly").asBoolean(false));
        if (folders.stream().noneMatch(f -> f.path().equals(folder.path()))) folders.add(folder);
      } catch (IllegalArgumentException unsharable) {
        // reported by the app's settings reader; the other folders are still shared
      }
    }
    return folders;
  }

  private static int intIn(JsonNode node, int min, int max, int fallback) {
    return node.isInt() && node.asInt() >= min && node.asInt() <= max ? node.asInt() : fallback;
  }

  /**
   * Writes the {@code "vm"} object's fields (the caller writes the field name and braces' place).
   */
  public void writeJson(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("driver", driver.word());
    json.writeNumberField("cpus", cpus);
    json.writeNumberField("memoryMib", memoryMib);
    json.writeNumberField("diskGib", diskGib);
    json.writeStringField("engine", engine.name().toLowerCase(Locale.ROOT));
    json.writeFieldName("network");
    network.writeJson(json);
    json.writeArrayFieldStart("sharedFolders");
    for (var folder : sharedFolders) {
      json.writeStartObject();
      json.writeStringField("path", folder.path().toString());
      json.writeBooleanField("readOnly", folder.readOnly());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /**
   * The VM settings in the app's settings.json; the defaults when it has none or cannot be read. A
   * driver word this Drover does not know is logged as a warning naming the setting (the {@code
   * drover} command's warnings go to standard error), because the VM then runs under another driver
   * than the file names; the file itself is left as it is.
   */
  public static VmSettings readFrom(Path settingsFile) {
    try {
      var vm = new SettingsFile(settingsFile).section(SettingsFile.VM);
      driverRefusal(vm)
          .ifPresent(
              reason ->
                  LoggerFactory.getLogger(VmSettings.class)
                      .warn(
                          "Ignoring vm.driver {} in {} ({}); using {}",
                          vm.get("driver"),
                          settingsFile,
                          reason,
                          DEFAULTS.driver.word()));
      return fromJson(vm);
    } catch (RuntimeException e) {
      return DEFAULTS;
    }
  }

  /**
   * Why the {@code "vm"} object's driver cannot be used, e.g. "the VM driver is one of [auto, qemu,
   * wsl2, hyperkit], not vbox"; empty when it can or none is given.
   */
  public static Optional<String> driverRefusal(JsonNode vm) {
    var driver = vm == null ? null : vm.get("driver");
    if (driver == null || driver.isNull()) return Optional.empty();
    if (!driver.isTextual()) return Optional.of("not text");
    try {
      DriverChoice.parse(driver.asText());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  public VmSettings withDriver(DriverChoice value) {
    return new VmSettings(value, cpus, memoryMib, diskGib, engine, network, sharedFolders);
  }

  public VmSettings withCpus(int value) {
    return new VmSettings(driver, value, memoryMib, diskGib, engine, network, sharedFolders);
  }

  public VmSettings withMemoryMib(int value) {
    return new VmSettings(driver, cpus, value, diskGib, engine, network, sharedFolders);
  }

  public VmSettings withDiskGib(int value) {
    return new VmSettings(driver, cpus, memoryMib, value, engine, network, sharedFolders);
  }

  public VmSettings withEngine(VmConfig.Engine value) {
    return new VmSettings(driver, cpus, memoryMib, diskGib, value, network, sharedFolders);
  }

  public VmSettings withNetwork(VmNetwork value) {
    return new VmSettings(driver, cpus, memoryMib, diskGib, engine, value, sharedFolders);
  }

  public VmSettings withSharedFolders(List<SharedFolder> value) {
    return new VmSettings(driver, cpus, memoryMib, diskGib, engine, network, value);
  }

  /** Where the VM's containers can reach host folders, for the driver that runs it. */
  public HostFolders hostFolders(DriverKind driver) {
    return new HostFolders(driver, sharedFolders);
  }
}
