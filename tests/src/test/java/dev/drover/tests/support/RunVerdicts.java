package dev.drover.tests.support;

import dev.drover.vm.qemu.AcceleratorVerdicts;
import java.nio.file.Path;

/**
 * The accelerator verdicts shared by every VM boot of one test run, as the app shares them between
 * starts: only the run's first boot waits for the KVM probe (10 s on a machine whose /dev/kvm
 * hangs), the later ones read its verdict. The folder is run-tests.sh's config folder for the run,
 * else the temporary folder.
 */
public final class RunVerdicts {

  private RunVerdicts() {}

  public static AcceleratorVerdicts forThisRun() {
    var configured = System.getenv("DROVER_CONFIG_HOME");
    var base =
        configured == null || configured.isBlank()
            ? Path.of(System.getProperty("java.io.tmpdir"), "drover-test-verdicts")
            : Path.of(configured);
    return AcceleratorVerdicts.inCacheFolder(base.resolve("accelerator"));
  }
}
