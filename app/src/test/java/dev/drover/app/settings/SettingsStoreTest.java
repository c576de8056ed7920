package dev.drover.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.vm.VmConfig;
import dev.drover.vm.host.DriverChoice;
import dev.drover.vm.host.VmSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class SettingsStoreTest {

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("settings.json");
  }

  @Test
  void missingFileGivesDefaults() {
    SettingsStore.LoadResult result = new SettingsStore(file()).load();

    assertThat(result.settings()).isEqualTo(Settings.defaults());
    assertThat(result.problem()).isEmpty();
    assertThat(file()).doesNotExist();
  }

  @Test
  void defaultsAreAsDocumented() {
    Settings defaults = Settings.defaults();

    assertThat(defaults.theme()).isEqualTo(ThemeChoice.SYSTEM);
    assertThat(defaults.logBufferLines()).isEqualTo(100_000);
    assertThat(defaults.engineHost()).isNull();
    assertThat(defaults.engineHostOverride()).isEmpty();
  }

  @Test
  void savedSettingsLoadBack() throws IOException {
    Settings settings =
        Settings.defaults()
            .withTheme(ThemeChoice.DARK)
            .withLogBufferLines(5_000)
            .withEngineHost("tcp://build-box:2375");
    SettingsStore store = new SettingsStore(dir.resolve("nested/folder/settings.json"));

    store.save(settings);
    SettingsStore.LoadResult result = new SettingsStore(store.file()).load();

    assertThat(result.settings()).isEqualTo(settings);
    assertThat(result.problem()).isEmpty();
    assertThat(Files.readString(store.file()))
        .as("pretty-printed for hand editing")
        .contains(System.lineSeparator() + "  \"theme\" : \"DARK\"");
  }

  @Test
  void saveIsAtomicAndLeavesNoTempFiles() throws Exception {
    SettingsStore store = new SettingsStore(file());
    store.save(Settings.defaults());
    byte[] before = Files.readAllBytes(file());
    Path hardLink = dir.resolve("old-inode");
    boolean linked = tryHardLink(hardLink, file());

    // A concurrent reader must only ever see a complete, valid document.
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> readerFailure = new AtomicReference<>();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!done.get()) {
                    try {
                      SettingsStore.LoadResult seen = new SettingsStore(file()).load();
                      if (seen.problem().isPresent()) {
                        readerFailure.set(new AssertionError(seen.problem().get()));
                        return;
                      }
                    } catch (Throwable t) {
                      readerFailure.set(t);
                      return;
                    }
                  }
                });
    try {
      for (int i = 1; i <= 200; i++) {
        store.save(Settings.defaults().withLogBufferLines(i));
      }
    } finally {
      done.set(true);
      reader.join();
    }

    assertThat(readerFailure.get()).isNull();
    assertThat(store.load().settings().logBufferLines()).isEqualTo(200);
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names)
          .containsExactlyInAnyOrderElementsOf(
              linked ? List.of("old-inode", "settings.json") : List.of("settings.json"));
    }
    if (linked) {
      assertThat(Files.readAllBytes(hardLink))
          .as("the old file was replaced by rename, not rewritten in place")
          .isEqualTo(before);
    }
  }

  @Test
  void savedFileIsUserOnly() throws IOException {
    onlyWhere(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
    Path folder = dir.resolve("drover");
    SettingsStore store = new SettingsStore(folder.resolve("settings.json"));

    store.save(Settings.defaults());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
        .isEqualTo("rwx------");
  }

  @Test
  void corruptFileIsMovedAsideReportedAndReplacedByDefaults() throws IOException {
    byte[] damaged = "{\n  \"theme\" : \"DARK\",\n  oops\n}\n".getBytes(StandardCharsets.UTF_8);
    Files.write(file(), damaged);
    Clock clock =
        Clock.fixed(
            LocalDateTime.of(2026, 11, 27, 14, 5, 1).toInstant(ZoneOffset.UTC), ZoneId.of("UTC"));
    SettingsStore store = new SettingsStore(file(), clock);

    SettingsStore.LoadResult result = store.load();

    Path keptAs = dir.resolve("settings.json.corrupt-20261127-140501");
    assertThat(result.settings()).isEqualTo(Settings.defaults());
    assertThat(result.problem())
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith("Your settings file was damaged (Unexpected character")
                    .contains("at line 3")
                    .contains("it was kept as " + keptAs)
                    .endsWith("and defaults are in use."));
    assertThat(Files.readAllBytes(keptAs)).isEqualTo(damaged);
    assertThat(new SettingsStore(file()).load())
        .isEqualTo(new SettingsStore.LoadResult(Settings.defaults(), Optional.empty()));

    // A second damaged file in the same second must not overwrite the first copy.
    Files.writeString(file(), "[]");
    assertThat(store.load().problem()).isPresent();
    assertThat(Files.readAllBytes(keptAs)).isEqualTo(damaged);
    assertThat(dir.resolve("settings.json.corrupt-20261127-140501-2")).hasContent("[]");
  }

  @Test
  void emptyOrNullFileCountsAsDamaged() throws IOException {
    for (String content : new String[] {"", "null", "{} trailing"}) {
      Files.writeString(file(), content);

      SettingsStore.LoadResult result = new SettingsStore(file()).load();

      assertThat(result.problem()).as("content %s", content).isPresent();
      assertThat(result.settings()).isEqualTo(Settings.defaults());
    }
  }

  @Test
  void unknownPropertiesAreIgnored() throws IOException {
    Files.writeString(
        file(),
        """
                {
                  "theme" : "LIGHT",
                  "featureFromTheFuture" : { "nested" : [1, 2, 3] },
                  "logBufferLines" : 42
                }
                """);

    SettingsStore.LoadResult result = new SettingsStore(file()).load();

    assertThat(result.problem()).isEmpty();
    assertThat(result.settings())
        .isEqualTo(Settings.defaults().withTheme(ThemeChoice.LIGHT).withLogBufferLines(42));
  }

  @Test
  void invalidFieldFallsBackToDefaultKeepingTheRest() throws IOException {
    Files.writeString(
        file(),
        """
                {
                  "theme" : "SOLARIZED",
                  "logBufferLines" : -5,
                  "engineHost" : "unix:///run/user/1000/docker.sock"
                }
                """);

    var invalid = invalidIn(file());
    SettingsStore.LoadResult result = new SettingsStore(file()).load();

    assertThat(result.settings())
        .isEqualTo(
            new Settings(
                ThemeChoice.SYSTEM,
                Settings.DEFAULT_LOG_BUFFER_LINES,
                "unix:///run/user/1000/docker.sock"));
    assertThat(invalid).extracting(InvalidSetting::key).containsExactly("theme", "logBufferLines");

    Files.writeString(
        file(),
        """
                { "theme" : "dark", "logBufferLines" : "lots", "engineHost" : 7 }
                """);
    assertThat(new SettingsStore(file()).load().settings())
        .isEqualTo(Settings.defaults().withTheme(ThemeChoice.DARK));
  }

  @Test
  void invalidValuesAreListedWithTheirReasonsAndTheFileIsKeptAside() throws IOException {
    var written =
        """
                {
                  "theme" : "DARK",
                  "logBufferLines" : "lots",
                  "engineHost" : "ssh://me@build-box",
                  "closeToTray" : "yes",
                  "vm" : { "driver" : "qemu", "cpus" : 999, "memoryMib" : 4096, "engine" : "podman" },
                  "kubernetes" : { "enabled" : true, "k3sVersion" : "newest" }
                }
                """;
    Files.writeString(file(), written);
    Clock clock =
        Clock.fixed(
            LocalDateTime.of(2026, 11, 27, 14, 5, 1).toInstant(ZoneOffset.UTC), ZoneId.of("UTC"));

    var invalid = invalidIn(file());
    SettingsStore.LoadResult result = new SettingsStore(file(), clock).load();

    assertThat(invalid)
        .containsExactly(
            new InvalidSetting("logBufferLines", "\"lots\"", "not a whole number", "100000"),
            new InvalidSetting(
                "engineHost",
                "\"ssh://me@build-box\"",
                "Drover cannot reach an engine over ssh://; use unix://, tcp:// or npipe://",
                "the default"),
            new InvalidSetting("closeToTray", "\"yes\"", "not true or false", "true"),
            new InvalidSetting("vm.cpus", "999", "a VM has 1 to 64 CPUs, not 999", "2"),
            new InvalidSetting("vm.engine", "\"podman\"", "not one of [moby, containerd]", "moby"),
            new InvalidSetting(
                "kubernetes.k3sVersion",
                "\"newest\"",
                "not a k3s version such as v1.31.2+k3s1",
                "the default"));
    assertThat(result.settings())
        .isEqualTo(
            Settings.defaults()
                .withTheme(ThemeChoice.DARK)
                .withVm(new VmSettings(DriverChoice.QEMU, 2, 4096, 32, VmConfig.Engine.MOBY))
                .withKubernetes(KubernetesSettings.defaults().withEnabled(true)));
    Path keptAs = dir.resolve("settings.json.invalid-20261127-140501");
    assertThat(result.problem())
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith("6 values in your settings file were invalid and were reset: ")
                    .contains("logBufferLines \"lots\": not a whole number (reset to 100000)")
                    .contains("vm.cpus 999: a VM has 1 to 64 CPUs, not 999 (reset to 2)")
                    .endsWith("The file as it was is kept as " + keptAs + "."));
    assertThat(keptAs).hasContent(written);
    assertThat(new SettingsStore(file()).load())
        .as("the file now holds the settings in use, so the next start has nothing to report")
        .isEqualTo(new SettingsStore.LoadResult(result.settings(), Optional.empty()));
  }

  @Test
  void aValidFileIsNeitherCopiedNorRewritten() throws IOException {
    var written = "{ \"theme\" : \"LIGHT\", \"vm\" : { \"cpus\" : 4 } }";
    Files.writeString(file(), written);

    var invalid = invalidIn(file());
    var result = new SettingsStore(file()).load();

    assertThat(invalid).isEmpty();
    assertThat(result.problem()).isEmpty();
    assertThat(file()).hasContent(written);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file());
    }
  }

  @Test
  void kubernetesSettingsLoadBack() {
    var chosen =
        Settings.defaults().withKubernetes(new KubernetesSettings(true, "v1.31.2+k3s1", false));
    new SettingsStore(file()).save(chosen);

    var loaded = new SettingsStore(file()).load();

    assertThat(loaded.problem()).isEmpty();
    assertThat(loaded.settings()).isEqualTo(chosen);
    assertThat(loaded.settings().kubernetes().pinnedVersion())
        .hasValueSatisfying(version -> assertThat(version.tag()).isEqualTo("v1.31.2+k3s1"));
  }

  @Test
  void aSettingsFileFromBeforeKubernetesLoadsWithKubernetesOff() throws IOException {
    Files.writeString(
        file(),
        """
                {
                  "theme" : "DARK",
                  "logBufferLines" : 100000,
                  "engineHost" : null
                }
                """);

    var loaded = new SettingsStore(file()).load();

    assertThat(loaded.problem()).isEmpty();
    assertThat(loaded.settings().theme()).isEqualTo(ThemeChoice.DARK);
    assertThat(loaded.settings().kubernetes()).isEqualTo(KubernetesSettings.defaults());
    assertThat(loaded.settings().kubernetes().enabled()).isFalse();
    assertThat(loaded.settings().kubernetes().traefik()).isTrue();
    assertThat(loaded.settings().kubernetes().pinnedVersion()).isEmpty();
  }

  @Test
  void invalidKubernetesFieldsFallBackOneByOne() throws IOException {
    Files.writeString(
        file(),
        """
                { "theme" : "LIGHT",
                  "kubernetes" : { "enabled" : true, "k3sVersion" : "latest-and-greatest", "traefik" : "no",
                                   "fromTheFuture" : [1] } }
                """);

    var invalid = invalidIn(file());
    var loaded = new SettingsStore(file()).load();

    assertThat(invalid)
        .extracting(InvalidSetting::key)
        .containsExactly("kubernetes.k3sVersion", "kubernetes.traefik");
    assertThat(loaded.settings())
        .isEqualTo(
            Settings.defaults()
                .withTheme(ThemeChoice.LIGHT)
                .withKubernetes(KubernetesSettings.defaults().withEnabled(true)));
    Files.writeString(file(), "{ \"kubernetes\" : \"on\" }");
    assertThat(new SettingsStore(file()).load().settings()).isEqualTo(Settings.defaults());
  }

  /**
   * The values of {@code file} that cannot be used, as the store finds them when it loads the file.
   */
  private static List<InvalidSetting> invalidIn(Path file) throws IOException {
    return SettingsJson.read(Files.readAllBytes(file)).invalid();
  }

  @Test
  void trayAndLoginChoicesLoadBackAndABadOneResetsOnlyItself() throws IOException {
    assertThat(Settings.defaults().closeToTray())
        .as("closing keeps Drover in the tray by default")
        .isTrue();
    assertThat(Settings.defaults().startAtLogin()).isFalse();
    var chosen = Settings.defaults().withCloseToTray(false).withStartAtLogin(true);
    var store = new SettingsStore(file());

    store.save(chosen);
    assertThat(new SettingsStore(file()).load().settings()).isEqualTo(chosen);

    Files.writeString(file(), "{ \"closeToTray\" : \"no\", \"startAtLogin\" : true }");
    assertThat(new SettingsStore(file()).load().settings())
        .isEqualTo(Settings.defaults().withStartAtLogin(true));
  }

  @Test
  void missingPropertiesTakeDefaults() throws IOException {
    Files.writeString(file(), "{ \"logBufferLines\" : 7 }");

    assertThat(new SettingsStore(file()).load().settings())
        .isEqualTo(Settings.defaults().withLogBufferLines(7));
  }

  @Test
  void saveFollowsASymlinkedSettingsFile() throws IOException {
    Path managed = dir.resolve("dotfiles/drover-settings.json");
    Files.createDirectories(managed.getParent());
    Files.writeString(managed, "{}");
    try {
      Files.createSymbolicLink(file(), managed);
    } catch (UnsupportedOperationException | IOException e) {
      onlyWhere(false, "symbolic links (" + e + ")");
    }

    new SettingsStore(file()).save(Settings.defaults().withTheme(ThemeChoice.DARK));

    assertThat(Files.isSymbolicLink(file())).isTrue();
    assertThat(Files.readString(managed)).contains("DARK");
  }

  private static boolean tryHardLink(Path link, Path existing) {
    try {
      Files.createLink(link, existing);
      return true;
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  /**
   * Skips a check that needs something this file system lacks (Windows has no POSIX modes), except
   * in CI, whose Linux machines have it: there a missing capability is a failure, never a silent
   * skip.
   */
  private static void onlyWhere(boolean available, String what) {
    if (available) return;
    var ci = System.getenv("CI");
    if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false"))
      Assertions.fail("CI lacks " + what);
    throw new TestAbortedException("this machine lacks " + what);
  }
}
