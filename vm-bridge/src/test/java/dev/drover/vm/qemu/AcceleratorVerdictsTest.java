package dev.drover.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceleratorVerdictsTest {

  private static final String KVM_Q35 = "kvm q35 timeout 10000 ms";

  @TempDir Path folder;
  private Path bootId;
  private Path qemu;
  private Path kernel;
  private Path verdictsFile;
  private final AtomicInteger probes = new AtomicInteger();

  /** A probe that finds KVM hanging, as this project's CI machine's does, and counts its runs. */
  private final Supplier<AcceleratorProbe.Result> hangingKvm =
      () -> {
        probes.incrementAndGet();
        return new AcceleratorProbe.Result(
            Accelerator.TCG, "KVM did not run the guest kernel within 10 s (/dev/kvm hangs)");
      };

  @BeforeEach
  void host() throws Exception {
    bootId = Files.writeString(folder.resolve("boot_id"), "6f1c0e1e-0000-4000-8000-000000000001\n");
    qemu = Files.writeString(folder.resolve("qemu-system-x86_64"), "qemu 9.2");
    kernel = Files.writeString(folder.resolve("vmlinuz"), "kernel 6.12");
    verdictsFile = folder.resolve("cache").resolve(AcceleratorVerdicts.FILE_NAME);
  }

  /** What a fresh driver does: a new instance reading the same file. */
  private AcceleratorProbe.Result start() {
    return new AcceleratorVerdicts(verdictsFile, bootId)
        .verdict(KVM_Q35, List.of(qemu, kernel), hangingKvm);
  }

  @Test
  void onlyTheFirstStartAfterAHostBootProbes() {
    var first = start();
    var second = start();
    var third = start();

    assertThat(probes).hasValue(1);
    assertThat(first.accelerator()).isEqualTo(Accelerator.TCG);
    assertThat(first.explanation()).doesNotContain("kept in");
    assertThat(List.of(second, third))
        .allSatisfy(
            kept -> {
              assertThat(kept.accelerator()).isEqualTo(Accelerator.TCG);
              assertThat(kept.explanation())
                  .startsWith("KVM did not run the guest kernel within 10 s")
                  .contains("first probe since the host started")
                  .contains(verdictsFile.toString());
            });
    assertThat(verdictsFile).isRegularFile();
  }

  @Test
  void aNewHostBootProbesAgain() throws Exception {
    start();
    Files.writeString(bootId, "6f1c0e1e-0000-4000-8000-000000000002\n");

    start();
    start();

    assertThat(probes).hasValue(2);
  }

  @Test
  void anUpdatedQemuOrKernelProbesAgain() throws Exception {
    start();
    Files.writeString(qemu, "qemu 10.0 with more code");
    start();
    Files.setLastModifiedTime(kernel, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    start();
    start();

    assertThat(probes).hasValue(3);
  }

  @Test
  void anotherAcceleratorOrMachineIsProbedOnItsOwn() {
    start();
    new AcceleratorVerdicts(verdictsFile, bootId)
        .verdict("kvm virt timeout 10000 ms", List.of(qemu, kernel), hangingKvm);
    start();

    assertThat(probes).hasValue(2);
  }

  @Test
  void aDeviceThatAppearsProbesAgain() throws Exception {
    var device = folder.resolve("kvm");
    var verdicts = new AcceleratorVerdicts(verdictsFile, bootId);
    verdicts.verdict(KVM_Q35, List.of(qemu, kernel, device), hangingKvm);
    Files.writeString(device, "");
    verdicts.verdict(KVM_Q35, List.of(qemu, kernel, device), hangingKvm);
    verdicts.verdict(KVM_Q35, List.of(qemu, kernel, device), hangingKvm);

    assertThat(probes).hasValue(2);
  }

  @Test
  void withoutABootIdEveryStartProbesAndNothingIsKept() {
    var noBootId = folder.resolve("no-such-boot_id");
    for (int i = 0; i < 3; i++)
      new AcceleratorVerdicts(verdictsFile, noBootId)
          .verdict(KVM_Q35, List.of(qemu, kernel), hangingKvm);

    assertThat(probes).hasValue(3);
    assertThat(verdictsFile).doesNotExist();
  }

  @Test
  void anInterruptedProbeIsNotKept() {
    var verdicts = new AcceleratorVerdicts(verdictsFile, bootId);
    try {
      verdicts.verdict(
          KVM_Q35,
          List.of(qemu, kernel),
          () -> {
            Thread.currentThread().interrupt();
            return hangingKvm.get();
          });
    } finally {
      Thread.interrupted();
    }
    start();

    assertThat(probes).hasValue(2);
  }

  @Test
  void aDamagedFileIsProbedOverAndReplaced() throws Exception {
    Files.createDirectories(verdictsFile.getParent());
    Files.writeString(verdictsFile, "{ \"bootId\": ");

    var result = start();
    start();

    assertThat(result.accelerator()).isEqualTo(Accelerator.TCG);
    assertThat(probes).hasValue(1);
    assertThat(Files.readString(verdictsFile)).contains("\"bootId\"").contains("TCG");
  }
}
