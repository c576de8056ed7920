package dev.drover.cli;

import dev.drover.vm.host.UserFolders;
import dev.drover.vm.instance.VmInstance;
import java.nio.file.Path;
import java.time.Duration;

/** The drover command with the fake driver, as its own process: for the two-process test. */
public final class FakeCliMain {

  public static void main(String[] args) {
    var env =
        new CliEnvironment(
            VmInstance.forThisUser("drover"),
            UserFolders.forThisUser(),
            FakeVmDriver.drivers(Path.of(System.getenv("FAKE_VM_STARTS")), null),
            new DetachedOwner(FakeCliMain.class.getName()),
            Duration.ofMinutes(2));
    System.exit(DroverCli.execute(() -> DroverCli.commandLine(env), args));
  }
}
