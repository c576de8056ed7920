package dev.drover.vm.qemu;

/** How QEMU runs the guest's CPU. */
public enum Accelerator {
  /** Linux hardware virtualisation. */
  KVM("kvm", "host"),
  /** macOS Hypervisor.framework. */
  HVF("hvf", "host"),
  /** Software emulation: works everywhere, several times slower. */
  TCG("tcg", "max");

  private final String qemuName;
  private final String cpuModel;

  Accelerator(String qemuName, String cpuModel) {
    this.qemuName = qemuName;
    this.cpuModel = cpuModel;
  }

  public String qemuName() {
    return qemuName;
  }

  String cpuModel() {
    return cpuModel;
  }
}
