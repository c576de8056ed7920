package dev.drover.tests.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.drover.engine.DockerClients;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestImages;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.qemu.AcceleratorProbe;
import dev.drover.vm.qemu.QemuDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;

/**
 * The arm64 guest that Apple Silicon Macs run under HVF, booted here for real with Debian's
 * qemu-system-aarch64 on the virt board under TCG (these machines are amd64, so the CPU is emulated
 * and the boot is slow: one boot for the whole class, its time printed). Needs qemu-system-arm and
 * the arm64 guest build (DROVER_GUEST_IMAGE_ARM64, which ./run-tests.sh makes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Arm64GuestVmIT {

  private static final Duration BOOT = Duration.ofMinutes(10);

  private Path stateRoot;
  private Path dockerConfig;
  private GuestImage guest;
  private QemuDriver driver;
  private DockerClient docker;

  @BeforeAll
  void bootTheArm64Guest() throws Exception {
    var qemu =
        QemuDriver.findQemu(System.getenv(), GuestArch.ARM64)
            .orElseGet(
                () ->
                    missing(
                        "qemu-system-aarch64 is not installed (Debian's qemu-system-arm);"
                            + " ./run-tests.sh installs it"));
    var folder = System.getenv("DROVER_GUEST_IMAGE_ARM64");
    if (folder == null) {
      missing(
          "DROVER_GUEST_IMAGE_ARM64 is not set: build the arm64 guest with"
              + " DROVER_GUEST_ARCH=arm64 vm-bridge/guest/build-guest.sh (./run-tests.sh does)");
    }
    guest = GuestImage.in(Path.of(folder));
    guest.missing().ifPresent(this::missing);
    assertThat(guest.arch())
        .as("the build's manifest names its architecture")
        .isEqualTo(GuestArch.ARM64);
    stateRoot = Files.createTempDirectory("drover-arm64-it");
    dockerConfig = Files.createTempDirectory("drover-arm64-it-docker");
    driver =
        new QemuDriver(
            qemu[0],
            qemu[1],
            guest,
            stateRoot,
            new DockerContextWriter(dockerConfig),
            new AcceleratorProbe(
                qemu[0],
                guest.arch(),
                guest.kernel(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Duration.ofSeconds(10)),
            BOOT);
    driver.configure(new VmConfig("drover-arm64-it", 2, 2048, 4, VmConfig.Engine.MOBY));
    var started = System.nanoTime();
    driver.start();
    await("the arm64 guest's engine")
        .atMost(BOOT.plusSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .failFast("the VM failed", () -> driver.status() instanceof VmStatus.Error)
        .until(() -> driver.status() instanceof VmStatus.Running);
    System.out.printf(
        "arm64 guest (qemu-system-aarch64, %s): start to a running engine in %.1f s%n",
        driver.acceleration().accelerator(), (System.nanoTime() - started) / 1e9);
    docker =
        DockerClients.open(((VmStatus.Running) driver.status()).engine(), Duration.ofSeconds(60));
  }

  @AfterAll
  void deleteTheVm() throws Exception {
    if (docker != null) docker.close();
    if (driver != null) {
      driver.delete();
      driver.close();
    }
    for (var folder : new Path[] {stateRoot, dockerConfig}) {
      if (folder == null || !Files.exists(folder)) continue;
      try (var paths = Files.walk(folder)) {
        for (var path : paths.sorted(Comparator.reverseOrder()).toList())
          Files.deleteIfExists(path);
      }
    }
  }

  @Test
  @Order(1)
  void theGuestRunsOnTheVirtBoardUnderEmulationAndItsEngineIsArm64() {
    assertThat(driver.acceleration().accelerator().qemuName())
        .as("an arm64 guest on this amd64 machine is emulated")
        .isEqualTo("tcg");
    assertThat(docker.infoCmd().exec().getArchitecture()).isEqualTo("aarch64");
  }

  @Test
  @Order(2)
  void anArm64ImageImportedFromBusyboxStaticRunsAContainer() throws Exception {
    // The guest build's helper image is Debian's arm64 busybox-static as a one-layer image.
    var ref = Files.readString(guest.kernel().resolveSibling("helper-image.ref")).strip();
    try (var archive = Files.newInputStream(guest.kernel().resolveSibling("helper-image.tar"))) {
      docker.loadImageCmd(archive).exec();
    }
    assertThat(docker.inspectImageCmd(ref).exec().getArch()).isEqualTo("arm64");
    assertThat(run(ref, "uname", "-m")).isEqualTo("aarch64");
  }

  @Test
  @Order(3)
  void anAmd64ImageRunsOnTheArm64GuestThroughItsEmulator() throws Exception {
    // Docker Desktop's habit: the guest registers qemu-user-static for the other architecture.
    var amd64 = TestImages.busybox(docker);
    assertThat(docker.inspectImageCmd(amd64).exec().getArch()).isEqualTo("amd64");
    assertThat(run(amd64, "uname", "-m")).isEqualTo("x86_64");
  }

  @Test
  @Order(4)
  void stopPowersTheArm64GuestDownThroughItsPowerButton() throws Exception {
    // The virt board has no ACPI here: QEMU's power-down is a GPIO power key the guest's acpid
    // sees.
    driver.stop(Duration.ofMinutes(3));
    assertThat(driver.status()).isInstanceOf(VmStatus.Stopped.class);
    assertThat(Files.readString(driver.consoleLog())).contains("drover-guest: powering off");
  }

  /** Runs a container of {@code image} to its end; returns its output, stripped. */
  private String run(String image, String... command) throws Exception {
    var id = docker.createContainerCmd(image).withCmd(command).exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      var exit = docker.waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
      var output = new StringBuilder();
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  output.append(new String(frame.getPayload()));
                }
              })
          .awaitCompletion(30, TimeUnit.SECONDS);
      assertThat(exit)
          .as("exit code of %s; output: %s", String.join(" ", command), output)
          .isZero();
      return output.toString().strip();
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  private <T> T missing(String what) {
    if (RealParts.inCi()) Assertions.fail(what);
    throw new TestAbortedException(what);
  }
}
