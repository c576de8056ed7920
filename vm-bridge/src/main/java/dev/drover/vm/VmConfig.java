package dev.drover.vm;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.drover.vm.network.VmNetwork;
import java.util.List;
import java.util.Locale;

/**
 * What the user chose for the VM in Settings. Changing cpus, memory or engine takes effect at the
 * next start; the disk can only grow (a smaller size than the existing disk is ignored, the data is
 * never truncated).
 *
 * @param name the VM's name: its state folder, its certificates and the Docker context are named
 *     after it
 * @param cpus virtual CPUs, at least 1
 * @param memoryMib guest memory in MiB, at least 512
 * @param diskGib size of the persistent data disk (/var/lib/docker, /var/lib/containerd) in GiB, at
 *     least 1
 * @param engine which engine the guest runs
 * @param network the proxy and extra CA certificates the guest's engines use
 * @param sharedFolders host folders the guest mounts at the same paths (QEMU); applied at the next
 *     start
 */
public record VmConfig(
    String name,
    int cpus,
    int memoryMib,
    int diskGib,
    Engine engine,
    VmNetwork network,
    List<SharedFolder> sharedFolders) {

  /** A VM without proxy, extra CA certificates or shared host folders. */
  public VmConfig(String name, int cpus, int memoryMib, int diskGib, Engine engine) {
    this(name, cpus, memoryMib, diskGib, engine, VmNetwork.NONE, List.of());
  }

  /** The container engine inside the guest. */
  public enum Engine {
    /** dockerd (Moby) on top of containerd: the Docker API over mutual TLS. */
    MOBY,
    /** containerd alone: for nerdctl and Kubernetes. */
    CONTAINERD;

    /** The lower-case word settings.json and the VM's status use: "moby", "containerd". */
    @JsonValue
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public VmConfig {
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
      throw new IllegalArgumentException(
          "a VM name is 1 to 40 lower-case letters, digits or dashes: " + name);
    }
    if (cpus < 1) throw new IllegalArgumentException("a VM needs at least 1 CPU, not " + cpus);
    if (memoryMib < 512)
      throw new IllegalArgumentException("a VM needs at least 512 MiB of memory, not " + memoryMib);
    if (diskGib < 1)
      throw new IllegalArgumentException("a VM disk needs at least 1 GiB, not " + diskGib);
    if (engine == null) throw new IllegalArgumentException("a VM needs an engine");
    if (network == null) network = VmNetwork.NONE;
    sharedFolders = sharedFolders == null ? List.of() : List.copyOf(sharedFolders);
  }

  /** The defaults a first start uses: 2 CPUs, 2 GiB of memory, a 32 GiB disk, dockerd. */
  public static VmConfig defaults(String name) {
    return new VmConfig(name, 2, 2048, 32, Engine.MOBY);
  }
}
