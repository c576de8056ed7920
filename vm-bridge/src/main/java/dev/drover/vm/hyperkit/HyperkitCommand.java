package dev.drover.vm.hyperkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hyperkit command line that boots the guest on an Intel Mac without Hypervisor.framework's
 * newer APIs: kernel and initramfs loaded with {@code -f kexec}, the data disk as virtio-blk (a raw
 * sparse file: hyperkit's qcow support is optional), the network through vpnkit (no root) or vmnet
 * (hyperkit set-uid root), the serial console to a log file, and hyperkit's pid in a file. Hyperkit
 * has no fw_cfg: the guest's settings and TLS material come on a second virtio-blk disk (see {@link
 * dev.drover.vm.guest.GuestConfigDisk}), and the guest takes its address by DHCP.
 *
 * @param disk the data disk, the guest's /dev/vda
 * @param configDisk the settings disk, the guest's /dev/vdb (after the data disk's PCI slot)
 * @param network how the guest reaches the network and the host reaches the guest's engine
 */
public record HyperkitCommand(
    Path hyperkit,
    int cpus,
    int memoryMib,
    Path kernel,
    Path initramfs,
    Path disk,
    Path configDisk,
    Network network,
    Path consoleLog,
    Path pidFile,
    String uuid,
    String engine) {

  public sealed interface Network {
    /** Through the vpnkit process's Ethernet socket: no root, ports are exposed by vpnkit. */
    record Vpnkit(Path ethernetSocket) implements Network {}

    /**
     * macOS's vmnet: the guest gets a 192.168.64.x address from the host's DHCP (see {@link
     * DhcpdLeases}).
     */
    record Vmnet() implements Network {}
  }

  /**
   * The kernel command line: serial console, the engine the guest's init starts, and that it asks
   * vmnet's (or vpnkit's) DHCP server for its address.
   */
  public String kernelCommandLine() {
    return "earlyprintk=serial console=ttyS0 panic=1 quiet drover.engine="
        + engine
        + " drover.net=dhcp";
  }

  public List<String> arguments() {
    var args =
        new ArrayList<String>(
            List.of(
                hyperkit.toString(),
                "-A", // ACPI tables, so SIGTERM reaches the guest as a power-button press
                "-u", // the RTC in UTC, as Linux expects
                "-F",
                pidFile.toString(),
                "-U",
                uuid,
                "-c",
                Integer.toString(cpus),
                "-m",
                memoryMib + "M",
                "-s",
                "0:0,hostbridge",
                "-s",
                "31,lpc"));
    args.add("-s");
    args.add(
        switch (network) {
          case Network.Vpnkit vpnkit -> "1:0,virtio-vpnkit,path=" + vpnkit.ethernetSocket();
          case Network.Vmnet vmnet -> "1:0,virtio-net";
        });
    args.addAll(
        List.of(
            "-s", "2:0,virtio-blk," + disk,
            "-s", "3,virtio-rnd",
            "-s", "4:0,virtio-blk," + configDisk,
            "-l", "com1,autopty=" + consoleLog.resolveSibling("tty") + ",log=" + consoleLog,
            // no quotes: no shell strips them, and Linux would read a leading " as opening one
            // quoted parameter
            "-f", "kexec," + kernel + "," + initramfs + "," + kernelCommandLine()));
    return List.copyOf(args);
  }
}
