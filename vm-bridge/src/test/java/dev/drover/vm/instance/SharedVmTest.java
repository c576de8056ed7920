package dev.drover.vm.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.vm.DriverKind;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmState;
import dev.drover.vm.VmStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's VM next to another owner (what a detached drover vm serve is), in one process for the
 * test.
 */
class SharedVmTest {

  @TempDir Path home;

  private VmInstance instance() {
    return VmInstance.forUser(
        Map.of("DROVER_CONFIG_HOME", home.toString()), home, "Linux", "drover");
  }

  private static List<String> record(SharedVm vm, List<VmStatus> seen) {
    vm.subscribe(
        new VmListener() {
          @Override
          public void status(VmStatus status) {
            seen.add(status);
          }
        });
    return List.of();
  }

  @Test
  void withNobodyElseTheAppOwnsTheVmAndServesOthers() throws Exception {
    var driver = new FakeDriver();
    try (var vm =
        new SharedVm(instance(), () -> driver, DriverKind.QEMU, VmConfig.defaults("drover"))
            .open()) {
      vm.start();

      await().until(() -> vm.status() instanceof VmStatus.Running);
      assertThat(driver.config).isEqualTo(VmConfig.defaults("drover"));
      var other = new VmControl(instance());
      assertThat(other.ownerPid()).hasValue(ProcessHandle.current().pid());
      assertThat(other.status().state()).isEqualTo(VmState.RUNNING);
      assertThat(other.request("start", Duration.ZERO).ok()).isTrue();
      assertThat(driver.starts).hasValue(1);
    }
    assertThat(new VmControl(instance()).hasOwner()).isFalse();
    assertThat(new VmControl(instance()).status().state()).isEqualTo(VmState.STOPPED);
  }

  @Test
  void theOwnersControlSocketIsForThisUserOnly() throws Exception {
    try (var vm =
        new SharedVm(instance(), FakeDriver::new, DriverKind.QEMU, VmConfig.defaults("drover"))
            .open()) {
      vm.start();
      await().until(() -> vm.status() instanceof VmStatus.Running);

      assertThat(Files.getPosixFilePermissions(instance().controlSocket()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void aStatusDeliveredAfterTheOwnerClosedDoesNotOverwriteItsLastWord() throws Exception {
    var driver = new FakeDriver();
    var lock = VmLock.tryAcquire(instance().lockFile()).orElseThrow();
    var owner = new VmOwner(instance(), lock, driver, DriverKind.QEMU, false).open();
    driver.start();
    await()
        .until(() -> new VmControl(instance()).status().state(), state -> state == VmState.RUNNING);

    owner.close();
    // a delivery already under way when the owner unsubscribed
    driver.subscribers.forEach(listener -> listener.status(driver.status()));

    // the file itself: VmControl would make up for a wrong one by checking the lock
    var last = new VmStatusFile(instance().statusFile()).read().orElseThrow();
    assertThat(last.ownerPid()).as("the owner is gone").isZero();
    assertThat(last.state()).isEqualTo(VmState.ERROR);
  }

  @Test
  void portsTheOwnerCouldNotForwardReachTheStatusAndTheFollowingApp() throws Exception {
    var theirs = new FakeDriver();
    var lock = VmLock.tryAcquire(instance().lockFile()).orElseThrow();
    var owner = new VmOwner(instance(), lock, theirs, DriverKind.QEMU, true).open();
    try (var vm =
        new SharedVm(instance(), FakeDriver::new, DriverKind.QEMU, VmConfig.defaults("drover"))
            .open()) {
      vm.start();
      await().until(() -> vm.status() instanceof VmStatus.Running);

      theirs.refusePort("5432/tcp on 127.0.0.1 of container db: already used on this computer");

      await()
          .untilAsserted(
              () ->
                  assertThat(new VmControl(instance()).status().portsNotForwarded())
                      .containsExactly(
                          "5432/tcp on 127.0.0.1 of container db: already used on this computer"));
      await()
          .untilAsserted(
              () ->
                  assertThat(vm.portsNotForwarded())
                      .containsExactly(
                          "5432/tcp on 127.0.0.1 of container db: already used on this computer"));
      assertThat(new VmStatusFile(instance().statusFile()).read().orElseThrow().portsNotForwarded())
          .as("in the status file too, for `drover vm status` when the owner is busy")
          .hasSize(1);
    } finally {
      owner.close();
      lock.close();
    }
  }

  @Test
  void withAnotherOwnerTheAppFollowsAndCommandsItThenTakesOverWhenItEnds() throws Exception {
    var theirs = new FakeDriver();
    var lock = VmLock.tryAcquire(instance().lockFile()).orElseThrow();
    var owner = new VmOwner(instance(), lock, theirs, DriverKind.QEMU, true).open();
    var ours = new FakeDriver();
    var seen = new CopyOnWriteArrayList<VmStatus>();
    try (var vm =
        new SharedVm(instance(), () -> ours, DriverKind.QEMU, VmConfig.defaults("drover")).open()) {
      record(vm, seen);

      vm.start();

      await().until(() -> vm.status() instanceof VmStatus.Running);
      assertThat(theirs.starts).hasValue(1);
      assertThat(ours.starts).hasValue(0);
      assertThat(vm.remoteOwner()).isPresent();

      vm.stop(Duration.ofSeconds(1)); // the other owner ends once its VM stopped

      await().atMost(Duration.ofSeconds(20)).until(() -> vm.localDriver().isPresent());
      assertThat(owner.awaitClosed(Duration.ofSeconds(5))).isTrue();
      vm.start();
      assertThat(ours.starts).hasValue(1);
      assertThat(theirs.starts).hasValue(1);
      await().until(() -> vm.status() instanceof VmStatus.Running);
      assertThat(seen).anyMatch(s -> s instanceof VmStatus.Stopped);
    }
  }
}
