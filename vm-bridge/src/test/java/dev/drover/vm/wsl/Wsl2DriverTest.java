package dev.drover.vm.wsl;

import static dev.drover.vm.wsl.WslOutputTest.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmException;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmStatus;
import dev.drover.vm.network.CaCertificates;
import dev.drover.vm.network.ProxySettings;
import dev.drover.vm.network.VmNetwork;
import dev.drover.vm.process.EngineProbe;
import dev.drover.vm.process.ScriptedRunner;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WSL2 driver's lifecycle against a scripted wsl.exe answering with outputs recorded on real
 * Windows machines (SOURCES.md); only the list of the one distribution the script registers is
 * written here.
 */
class Wsl2DriverTest {

  @TempDir Path temp;

  private final AtomicBoolean registered = new AtomicBoolean();
  private final AtomicBoolean engineAnswers = new AtomicBoolean();
  private volatile byte[] statusOutput = recorded("status-ok.txt");
  private volatile byte[] importFailure;
  private volatile byte[] unregisterFailure;
  private final List<VmStatus> seen = new CopyOnWriteArrayList<>();
  private ScriptedRunner runner;
  private Path rootfs;

  @BeforeEach
  void rootfs() throws IOException {
    rootfs = Files.writeString(temp.resolve("rootfs.tar.gz"), "not really a tarball");
    runner =
        new ScriptedRunner(
            command ->
                switch (command.get(1)) {
                  case "--status" -> ScriptedRunner.ok(statusOutput);
                  case "--list" ->
                      registered.get()
                          ? ScriptedRunner.ok(distributionList())
                          : ScriptedRunner.failed(
                              -1, recorded("list-no-distributions-spanish.txt"));
                  case "--import" -> {
                    if (importFailure != null) yield ScriptedRunner.failed(-1, importFailure);
                    registered.set(true);
                    yield ScriptedRunner.ok(new byte[0]);
                  }
                  case "--terminate" -> {
                    runner.launched.forEach(
                        p -> p.exit(1)); // the session dies with its distribution
                    yield ScriptedRunner.ok(new byte[0]);
                  }
                  case "--unregister" -> {
                    registered.set(false);
                    yield unregisterFailure != null
                        ? ScriptedRunner.failed(-1, unregisterFailure)
                        : ScriptedRunner.ok(recorded("unregister-ok-chinese.txt"));
                  }
                  default -> ScriptedRunner.failed(-1, recorded("launch-not-found-chinese.txt"));
                });
  }

  /**
   * As wsl.exe prints it: {@code "%s %-<longest name + 4>s%-16s%s\n"} in UTF-16LE, a CRT that
   * writes CR LF.
   */
  private byte[] distributionList() {
    var running = runner.launched.stream().anyMatch(ScriptedRunner.FakeProcess::isAlive);
    return ("  NAME          STATE           VERSION\r\n"
            + "* Ubuntu-22.04  Stopped         2\r\n"
            + "  drover        "
            + (running ? "Running         " : "Stopped         ")
            + "2\r\n")
        .getBytes(StandardCharsets.UTF_16LE);
  }

  private Wsl2Driver driver(Duration bootTimeout) {
    var driver =
        new Wsl2Driver(
            runner,
            new WslCommands("wsl.exe"),
            rootfs,
            temp.resolve("machines"),
            new DockerContextWriter(temp.resolve("docker")),
            endpoint -> engineAnswers.get() ? Optional.empty() : Optional.of("connection refused"),
            bootTimeout,
            Duration.ofMillis(20));
    driver.subscribe(
        new VmListener() {
          @Override
          public void status(VmStatus status) {
            seen.add(status);
          }
        });
    return driver;
  }

  private List<String> states() {
    return seen.stream().map(s -> s.getClass().getSimpleName()).toList();
  }

  @Test
  void startImportsOnceAndRunsOnceThenReportsRunning() throws VmException {
    var driver = driver(Duration.ofMinutes(1));

    driver.start();
    driver.start(); // idempotent while Starting
    engineAnswers.set(true);
    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Running);
    driver.start(); // idempotent while Running
    driver.create();

    assertThat(runner.verbs(2)).filteredOn(v -> v.equals("wsl.exe --import")).hasSize(1);
    assertThat(runner.launched).hasSize(1);
    await()
        .untilAsserted(
            () -> assertThat(states()).containsExactly("Stopped", "Starting", "Running"));
    var running = (VmStatus.Running) driver.status();
    assertThat(running.engine().host().toString()).isEqualTo("tcp://127.0.0.1:2376");
    assertThat(running.engine().tlsMaterial())
        .hasValueSatisfying(tls -> assertThat(tls.resolve("key.pem")).exists());
    driver.close();
  }

  @Test
  void theProxyAndExtraCertificatesAreWrittenForTheSessionWhichCopiesThemIn() throws Exception {
    var company = new VmCertificates(temp.resolve("company-ca"));
    company.ensure("company");
    var companyCa = company.serverFolder().resolve("ca.pem");
    var driver = driver(Duration.ofMinutes(1));
    driver.configure(
        new VmConfig(
            "drover",
            2,
            2048,
            4,
            VmConfig.Engine.MOBY,
            new VmNetwork(
                new ProxySettings(
                    "http://ann:s3cret@127.0.0.1:3128", "http://proxy.corp:8080", "corp.example"),
                false,
                List.of(companyCa)),
            List.of()));

    driver.start();

    var proxy = Files.readString(driver.secretsFolder().resolve("proxy.env"));
    assertThat(proxy)
        .contains("export HTTP_PROXY='http://ann:s3cret@" + WslCommands.WINDOWS_HOST + ":3128'")
        .contains("export https_proxy='http://proxy.corp:8080'")
        .contains("corp.example");
    assertThat(Files.readString(driver.secretsFolder().resolve("extra-ca.pem")))
        .isEqualTo(CaCertificates.readFile(companyCa));
    if (driver.secretsFolder().getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(driver.secretsFolder().resolve("proxy.env"))))
          .isEqualTo("rw-------");
    }
    var script = runner.launched.isEmpty() ? "" : runner.commands.getLast().getLast();
    assertThat(script)
        .contains("'" + driver.secretsFolder() + "'/proxy.env > /etc/drover/proxy.env")
        .contains("cat '" + driver.secretsFolder() + "'/extra-ca.pem;");
    driver.stop(Duration.ofSeconds(10));

    // Settings without a proxy or certificates leave nothing behind for the next start.
    driver.configure(new VmConfig("drover", 2, 2048, 4, VmConfig.Engine.MOBY));
    driver.start();
    assertThat(driver.secretsFolder().resolve("proxy.env")).doesNotExist();
    assertThat(driver.secretsFolder().resolve("extra-ca.pem")).doesNotExist();
    driver.close();
  }

  @Test
  void theContainerdEngineIsProbedAsContainerdAndRunsWithoutADockerContext() throws VmException {
    var probed = new CopyOnWriteArrayList<VmConfig.Engine>();
    var driver =
        new Wsl2Driver(
            runner,
            new WslCommands("wsl.exe"),
            rootfs,
            temp.resolve("machines"),
            new DockerContextWriter(temp.resolve("docker")),
            new EngineProbe() {
              @Override
              public Optional<String> failure(EngineEndpoint endpoint) {
                return Optional.of("a Docker API ping cannot reach containerd alone");
              }

              @Override
              public Optional<String> failure(EngineEndpoint endpoint, VmConfig.Engine engine) {
                probed.add(engine);
                return engine == VmConfig.Engine.CONTAINERD ? Optional.empty() : failure(endpoint);
              }
            },
            Duration.ofMinutes(1),
            Duration.ofMillis(20));
    driver.configure(new VmConfig("drover", 2, 2048, 4, VmConfig.Engine.CONTAINERD));
    driver.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Running);

    var running = (VmStatus.Running) driver.status();
    assertThat(running.kind()).isEqualTo(VmConfig.Engine.CONTAINERD);
    assertThat(probed).containsOnly(VmConfig.Engine.CONTAINERD);
    assertThat(new DockerContextWriter(temp.resolve("docker")).metaFile("drover")).doesNotExist();
    driver.close();
  }

  @Test
  void stopTerminatesTheDistributionAndReportsStoppedOnce() throws VmException {
    var driver = driver(Duration.ofMinutes(1));
    engineAnswers.set(true);
    driver.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Running);

    driver.stop(Duration.ofSeconds(5));
    driver.stop(Duration.ofSeconds(5)); // idempotent while Stopped

    assertThat(driver.status()).isInstanceOf(VmStatus.Stopped.class);
    assertThat(runner.verbs(2)).filteredOn(v -> v.equals("wsl.exe --terminate")).hasSize(1);
    await()
        .untilAsserted(
            () ->
                assertThat(states())
                    .containsExactly("Stopped", "Starting", "Running", "Stopping", "Stopped"));
    driver.close();
  }

  @Test
  void sessionDyingUnaskedIsAnErrorWithTheConsoleAndAStartRecovers() throws VmException {
    var driver = driver(Duration.ofMinutes(1));
    engineAnswers.set(true);
    driver.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Running);

    runner.launched.getFirst().exit(139);

    await().until(() -> driver.status() instanceof VmStatus.Error);
    var error = (VmStatus.Error) driver.status();
    assertThat(error.reason()).contains("exited with code 139").contains("Start it again");
    assertThat(error.consoleTail()).contains("drover-guest: init started");

    driver.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Running);
    assertThat(runner.launched).hasSize(2);
    driver.close();
  }

  @Test
  void engineThatNeverAnswersEndsTheSessionWithAReason() throws VmException {
    var driver = driver(Duration.ofMillis(300));

    driver.start();

    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Error);
    assertThat(((VmStatus.Error) driver.status()).reason())
        .contains("did not answer within")
        .contains("connection refused");
    assertThat(runner.launched.getFirst().isAlive()).isFalse();
    driver.close();
  }

  @Test
  void virtualizationOffFailsTheStartWithWhatToEnable() {
    statusOutput = recorded("launch-hyperv-not-installed-en-gb.txt");
    var driver = driver(Duration.ofMinutes(1));

    assertThat(driver.capabilities().available()).isFalse();
    assertThatThrownBy(driver::start)
        .isInstanceOf(VmException.class)
        .hasMessageContaining("Virtual Machine Platform")
        .hasMessageNotContaining("WSL is not installed");
    assertThat(driver.status()).isInstanceOf(VmStatus.Error.class);
    assertThat(runner.launched).isEmpty();
    driver.close();
  }

  @Test
  void anInboxWslTooOldForTheOptionsFailsTheStartWithHowToUpdate() {
    statusOutput = recorded("invalid-option-old-windows.txt");
    var driver = driver(Duration.ofMinutes(1));

    assertThatThrownBy(driver::start)
        .isInstanceOf(VmException.class)
        .hasMessageContaining("wsl --update");
    assertThat(runner.verbs(2)).doesNotContain("wsl.exe --import");
    driver.close();
  }

  @Test
  void importWithoutTheHyperVServiceSaysWhatToEnableInAnyLanguage() {
    importFailure = recorded("import-feature-missing-french.txt");
    var driver = driver(Duration.ofMinutes(1));

    assertThatThrownBy(driver::start)
        .isInstanceOf(VmException.class)
        .hasMessageStartingWith("WSL could not import the guest.")
        .hasMessageContaining("Virtual Machine Platform");
    assertThat(driver.status()).isInstanceOf(VmStatus.Error.class);
    driver.close();
  }

  @Test
  void anUnknownImportFailureQuotesWslsMessageAndCode() {
    // recorded from `wsl -l -v`; the service fails the same way for any command
    importFailure = recorded("list-server-execution-failed.txt");
    var driver = driver(Duration.ofMinutes(1));

    assertThatThrownBy(driver::start)
        .isInstanceOf(VmException.class)
        .hasMessageContaining("Server execution failed (Wsl/0x80080005)");
    driver.close();
  }

  @Test
  void aListingFailureIsNotTakenForNoDistributions() {
    runner =
        new ScriptedRunner(
            command ->
                command.get(1).equals("--status")
                    ? ScriptedRunner.ok(statusOutput)
                    : ScriptedRunner.failed(-1, recorded("list-server-execution-failed.txt")));
    var failing = driver(Duration.ofMinutes(1));

    assertThatThrownBy(failing::distribution)
        .isInstanceOf(VmException.class)
        .hasMessageContaining("Server execution failed (Wsl/0x80080005)");
    assertThatThrownBy(failing::start)
        .isInstanceOf(VmException.class)
        .hasMessageContaining("Wsl/0x80080005");
    assertThat(runner.verbs(2)).doesNotContain("wsl.exe --import");
    failing.close();
  }

  @Test
  void deleteStopsUnregistersAndRemovesTheFolder() throws VmException {
    var driver = driver(Duration.ofMinutes(1));
    engineAnswers.set(true);
    driver.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> driver.status() instanceof VmStatus.Running);

    driver.delete();

    assertThat(runner.verbs(2)).containsSubsequence("wsl.exe --terminate", "wsl.exe --unregister");
    assertThat(registered).isFalse();
    assertThat(driver.folder()).doesNotExist();
    assertThat(driver.status()).isInstanceOf(VmStatus.Stopped.class);
    driver.delete(); // idempotent: nothing registered, nothing to remove
    assertThat(runner.verbs(2)).filteredOn(v -> v.equals("wsl.exe --unregister")).hasSize(1);
    driver.close();
  }

  @Test
  void deleteOfADistributionSomeoneElseUnregisteredMeanwhileSucceeds() throws VmException {
    var driver = driver(Duration.ofMinutes(1));
    driver.create();
    registered.set(true);
    unregisterFailure = recorded("unregister-not-found.txt");

    driver.delete();

    assertThat(driver.folder()).doesNotExist();
    assertThat(driver.status()).isInstanceOf(VmStatus.Stopped.class);
    driver.close();
  }
}
