package dev.drover.vm.qemu;

import dev.drover.vm.SharedFolder;
import dev.drover.vm.VmFile;
import dev.drover.vm.guest.GuestArch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The QEMU command line for one boot. Pure: builds the arguments, runs nothing, so every branch
 * (KVM, HVF, TCG) is unit-tested on any machine.
 *
 * @param qemu the qemu-system-x86_64 or qemu-system-aarch64 executable
 * @param arch the guest's architecture, which {@code qemu} emulates or virtualises
 * @param accelerator KVM or TCG on Linux, HVF on macOS
 * @param cpus virtual CPUs
 * @param memoryMib guest memory
 * @param kernel the guest kernel (vmlinuz)
 * @param initramfs the guest's root file system as an initramfs
 * @param dataDisk the persistent qcow2 disk, the guest's /dev/vda
 * @param console file receiving the guest's serial console
 * @param qmpSocket unix socket QEMU serves QMP on, to the VM's owner; a second one beside it,
 *     {@link VmFile#QMP_CONTROL_SOCKET}, serves other processes (see {@link #controlSocket()})
 * @param pidFile where QEMU writes its process id
 * @param enginePort host loopback port forwarded to the guest's dockerd (2376)
 * @param guestFiles files handed to the guest through fw_cfg as opt/drover/&lt;name&gt;: TLS
 *     material
 * @param engine "moby" or "containerd", handed to the guest's init
 * @param sharedFolders host folders exported over virtio-9p; the guest mounts each at the same
 *     path, as {@link #shareTable} tells it
 */
public record QemuCommand(
    Path qemu,
    GuestArch arch,
    Accelerator accelerator,
    int cpus,
    int memoryMib,
    Path kernel,
    Path initramfs,
    Path dataDisk,
    Path console,
    Path qmpSocket,
    Path pidFile,
    int enginePort,
    List<GuestFile> guestFiles,
    String engine,
    List<SharedFolder> sharedFolders) {

  /** The guest's dockerd TLS port. */
  public static final int GUEST_ENGINE_PORT = 2376;

  /** The netdev id that QMP's hostfwd_add and hostfwd_remove name. */
  public static final String NETDEV = "net0";

  public record GuestFile(String name, Path file) {}

  public QemuCommand {
    guestFiles = List.copyOf(guestFiles);
    sharedFolders = List.copyOf(sharedFolders);
  }

  /** The 9p mount tag of the {@code index}th shared folder. */
  public static String shareTag(int index) {
    return "drover" + index;
  }

  /**
   * What the guest's init reads (fw_cfg opt/drover/shares): one line per shared folder, {@code tag
   * TAB mount options TAB path} ({@link SharedFolder#MOUNT_OPTIONS}, plus ro for a read-only
   * folder), parents before the folders inside them so nested shares stack in order.
   */
  public static String shareTable(List<SharedFolder> sharedFolders) {
    var lines = new StringBuilder();
    var order = new ArrayList<Integer>();
    for (int i = 0; i < sharedFolders.size(); i++) order.add(i);
    order.sort(Comparator.comparingInt(i -> sharedFolders.get(i).path().getNameCount()));
    for (int i : order) {
      var folder = sharedFolders.get(i);
      lines
          .append(shareTag(i))
          .append('\t')
          .append(SharedFolder.MOUNT_OPTIONS)
          .append(folder.readOnly() ? ",ro" : "")
          .append('\t')
          .append(folder.path())
          .append('\n');
    }
    return lines.toString();
  }

  /**
   * QEMU serves one client per QMP socket, and the owner keeps its connection for the whole boot;
   * this second socket lets another process add a guest port forward (the k3s API) that lives in
   * QEMU, so it outlasts the process that asked for it. It sits in the VM's user-only folder, like
   * the first.
   */
  public Path controlSocket() {
    return qmpSocket.resolveSibling(VmFile.QMP_CONTROL_SOCKET.fileName());
  }

  /**
   * The guest's root shell, for {@code drover vm shell} with either engine (containerd alone offers
   * no exec of its own into the guest). A unix socket in the VM's user-only folder, like QMP, which
   * controls far more.
   */
  public Path shellSocket() {
    return qmpSocket.resolveSibling(VmFile.SHELL_SOCKET.fileName());
  }

  public List<String> arguments() {
    var args = new ArrayList<String>();
    args.add(qemu.toString());
    args.addAll(
        List.of(
            "-name", "drover", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot"));
    args.addAll(List.of("-accel", accelerator.qemuName()));
    args.addAll(List.of("-machine", arch.machine()));
    args.addAll(List.of("-cpu", accelerator.cpuModel()));
    args.addAll(List.of("-smp", Integer.toString(cpus), "-m", Integer.toString(memoryMib)));
    args.addAll(List.of("-kernel", kernel.toString(), "-initrd", initramfs.toString()));
    // quiet keeps TCG boots fast (the serial port is slow); panic=-1 turns a guest panic into a
    // QEMU exit.
    args.addAll(List.of("-append", "console=" + arch.console() + " quiet panic=-1 rdinit=/init"));
    args.addAll(List.of("-serial", "file:" + console));
    args.addAll(
        List.of("-drive", "if=virtio,file=" + escape(dataDisk) + ",format=qcow2,discard=unmap"));
    args.addAll(
        List.of(
            "-netdev",
            "user,id=" + NETDEV + ",hostfwd=tcp:127.0.0.1:" + enginePort + "-:" + GUEST_ENGINE_PORT,
            "-device",
            "virtio-net-pci,netdev=" + NETDEV));
    args.addAll(List.of("-device", "virtio-rng-pci"));
    // Guest memory the guest frees goes back to the host (free page reporting), as Lima and Docker
    // Desktop do; without it QEMU keeps every page the guest ever touched.
    args.addAll(List.of("-device", "virtio-balloon-pci,free-page-reporting=on"));
    args.addAll(
        List.of(
            "-device",
            "virtio-serial-pci",
            "-chardev",
            "socket,id=shell,path=" + escape(shellSocket()) + ",server=on,wait=off",
            "-device",
            "virtconsole,chardev=shell,name=drover.shell"));
    // The RTC follows the host's clock, also across host sleep; the guest re-reads it (see
    // guest/init).
    args.addAll(List.of("-rtc", "base=utc,clock=host"));
    args.addAll(List.of("-fw_cfg", "name=opt/drover/engine,string=" + engine));
    // security_model=none: the guest's files are the QEMU user's files, so what a container writes
    // belongs to the user on the host (chown in the guest is ignored, not refused). multidevs=remap
    // keeps inode numbers unique when a shared folder spans several host file systems.
    for (int i = 0; i < sharedFolders.size(); i++) {
      var folder = sharedFolders.get(i);
      args.addAll(
          List.of(
              "-virtfs",
              "local,path="
                  + escape(folder.path())
                  + ",mount_tag="
                  + shareTag(i)
                  + ",security_model=none,multidevs=remap"
                  + (folder.readOnly() ? ",readonly=on" : "")));
    }
    for (var file : guestFiles) {
      args.addAll(
          List.of("-fw_cfg", "name=opt/drover/" + file.name() + ",file=" + escape(file.file())));
    }
    args.addAll(List.of("-qmp", "unix:" + qmpSocket + ",server=on,wait=off"));
    args.addAll(List.of("-qmp", "unix:" + controlSocket() + ",server=on,wait=off"));
    args.addAll(List.of("-pidfile", pidFile.toString()));
    return List.copyOf(args);
  }

  /** QEMU option values separate with commas; a literal comma in a path is written twice. */
  private static String escape(Path path) {
    return path.toString().replace(",", ",,");
  }
}
