package dev.drover.vm;

import java.nio.file.Path;

/**
 * The files a driver keeps in a VM's machine folder ({@code stateRoot/<name>}), in one table, so
 * the drivers, diagnostics, the troubleshooting page and the command name them alike.
 */
public enum VmFile {
  /** The guest's serial console (QEMU, hyperkit) or the WSL session's output. */
  CONSOLE_LOG("console.log"),
  /** The console of the boot before, kept for one more boot. */
  PREVIOUS_CONSOLE_LOG("console.previous.log"),
  /** The engine's TLS material (see {@code VmCertificates}). */
  CERTIFICATES("tls"),
  /** User-only files that may hold a password (proxy settings); diagnostics leave it out. */
  SECRETS("secrets"),
  /** The engine's host port, kept across boots (QEMU). */
  ENGINE_PORT("engine-port"),
  /** The persistent disk under QEMU. */
  QEMU_DISK("data.qcow2"),
  /** QEMU's own messages. */
  QEMU_LOG("qemu.log"),
  /** The running QEMU's process id. */
  QEMU_PID("qemu.pid"),
  /** The QMP socket of the process that runs the VM. */
  QMP_SOCKET("qmp.sock"),
  /** QMP for other processes (run-time port forwards). */
  QMP_CONTROL_SOCKET("qmp-control.sock"),
  /** The guest's root shell on its virtio console. */
  SHELL_SOCKET("shell.sock"),
  /** The shared folders' table the guest mounts from (QEMU). */
  SHARE_TABLE("shares.txt"),
  /** The persistent disk under hyperkit (sparse). */
  HYPERKIT_DISK("data.raw"),
  /** The guest's settings and TLS material for hyperkit, which has no fw_cfg. */
  HYPERKIT_CONFIG_DISK("config.img"),
  /** The guest's stable uuid, so vmnet keeps its address. */
  HYPERKIT_UUID("uuid"),
  /** The running hyperkit's process id. */
  HYPERKIT_PID("hyperkit.pid"),
  /** Hyperkit's own messages. */
  HYPERKIT_LOG("hyperkit.log");

  private final String fileName;

  VmFile(String fileName) {
    this.fileName = fileName;
  }

  public String fileName() {
    return fileName;
  }

  /** This file in {@code machineFolder}. */
  public Path in(Path machineFolder) {
    return machineFolder.resolve(fileName);
  }
}
