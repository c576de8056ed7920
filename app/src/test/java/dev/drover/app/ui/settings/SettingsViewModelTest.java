package dev.drover.app.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.kubernetes.ClusterReset;
import dev.drover.app.settings.KubernetesSettings;
import dev.drover.app.settings.Settings;
import dev.drover.app.settings.SettingsStore;
import dev.drover.app.settings.ThemeChoice;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.kube.k3s.K3sReleaseSite;
import dev.drover.kube.k3s.K3sVersions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsViewModelTest {

  @TempDir Path dir;

  private final NoticesViewModel notices = new NoticesViewModel();

  private SettingsViewModel model(Settings loaded, Path file) {
    return new SettingsViewModel(loaded, new SettingsStore(file), Background.sameThread(), notices);
  }

  @Test
  void choosingDarkSavesIt() {
    var file = dir.resolve("drover").resolve("settings.json");
    var model = model(Settings.defaults(), file);

    model.themeProperty().set(ThemeChoice.DARK);

    assertThat(new SettingsStore(file).load().settings().theme()).isEqualTo(ThemeChoice.DARK);
    assertThat(model.current().theme()).isEqualTo(ThemeChoice.DARK);
    assertThat(notices.noticesProperty()).isEmpty();
  }

  @Test
  void trayAndLoginSwitchesAreSavedAtOnce() {
    var file = dir.resolve("settings.json");
    var model = model(Settings.defaults(), file);
    assertThat(model.closeToTrayProperty().get()).isTrue();

    model.closeToTrayProperty().set(false);
    model.startAtLoginProperty().set(true);

    assertThat(new SettingsStore(file).load().settings())
        .isEqualTo(Settings.defaults().withCloseToTray(false).withStartAtLogin(true));
  }

  @Test
  void changingTheThemeKeepsTheOtherSettings() {
    var file = dir.resolve("settings.json");
    var loaded =
        Settings.defaults().withLogBufferLines(5_000).withEngineHost("tcp://build-box:2375");
    var model = model(loaded, file);

    model.themeProperty().set(ThemeChoice.LIGHT);

    var saved = new SettingsStore(file).load();
    assertThat(saved.problem()).isEmpty();
    assertThat(saved.settings())
        .isEqualTo(new Settings(ThemeChoice.LIGHT, 5_000, "tcp://build-box:2375"));
  }

  @Test
  void untilTheTrayAnswersSettingsSayNothingAboutClosingTheWindow() {
    var model = model(Settings.defaults(), dir.resolve("settings.json"));

    assertThat(model.trayAvailableProperty().get())
        .as("no close-to-tray choice until the tray says it is there")
        .isFalse();
    assertThat(model.windowCloseNoteProperty().get())
        .as("nor a claim that closing quits")
        .isEmpty();
  }

  @Test
  void withoutATraySettingsSayClosingTheWindowQuits() {
    var model = model(Settings.defaults(), dir.resolve("settings.json"));

    model.trayAvailable(false);
    assertThat(model.trayAvailableProperty().get()).isFalse();
    assertThat(model.windowCloseNoteProperty().get())
        .contains("no system tray")
        .contains("closing the window quits Drover")
        .doesNotContain("keeps Drover running");

    model.trayAvailable(true);
    assertThat(model.trayAvailableProperty().get()).isTrue();
    assertThat(model.windowCloseNoteProperty().get()).isEmpty();

    model.trayAvailable(false);
    assertThat(model.windowCloseNoteProperty().get()).contains("closing the window quits Drover");
    assertThat(model.closeToTrayProperty().get())
        .as("the choice is kept for a desktop with a tray")
        .isTrue();
  }

  @Test
  void engineAddressIsCheckedAsTypedAndSavedWhenValid() {
    var file = dir.resolve("settings.json");
    var model = model(Settings.defaults().withTheme(ThemeChoice.DARK), file);
    assertThat(model.engineHostProperty().get()).isEmpty();

    model.engineHostProperty().set("tcp://build-box");
    assertThat(model.engineHostProblemProperty().get()).contains("a host and a port");
    model.engineHostProperty().set("ssh://me@build-box");
    assertThat(model.engineHostProblemProperty().get()).contains("ssh://");
    model.engineHostProperty().set("unix://var/run/docker.sock");
    assertThat(model.engineHostProblemProperty().get()).contains("unix:///var/run/docker.sock");
    model.saveEngineHost();
    assertThat(file).as("an address that cannot be used is not saved").doesNotExist();

    model.engineHostProperty().set("tcp://build-box:2376");
    assertThat(model.engineHostProblemProperty().get()).isEmpty();
    assertThat(file).as("saved when the field is left, not at each key").doesNotExist();
    model.saveEngineHost();

    assertThat(new SettingsStore(file).load().settings())
        .isEqualTo(
            Settings.defaults().withTheme(ThemeChoice.DARK).withEngineHost("tcp://build-box:2376"));
    assertThat(model.engineHostNoteProperty().get()).contains("next start");

    for (var valid :
        new String[] {"unix:///run/user/1000/docker.sock", "npipe:////./pipe/docker_engine", " "}) {
      model.engineHostProperty().set(valid);
      assertThat(model.engineHostProblemProperty().get()).as(valid).isEmpty();
    }
    model.saveEngineHost();
    assertThat(new SettingsStore(file).load().settings().engineHostOverride())
        .as("cleared")
        .isEmpty();
    assertThat(model.engineHostNoteProperty().get()).as("back to the engine in use").isEmpty();
  }

  @Test
  void engineAddressFieldStartsWithTheSavedOne() {
    var model =
        model(
            Settings.defaults().withEngineHost("unix:///run/user/1000/docker.sock"),
            dir.resolve("settings.json"));

    assertThat(model.engineHostProperty().get()).isEqualTo("unix:///run/user/1000/docker.sock");
    assertThat(model.engineHostProblemProperty().get()).isEmpty();
    assertThat(model.engineHostNoteProperty().get()).isEmpty();
  }

  @Test
  void laterChoiceWinsOnDisk() {
    var file = dir.resolve("settings.json");
    var model = model(Settings.defaults(), file);

    model.themeProperty().set(ThemeChoice.DARK);
    model.themeProperty().set(ThemeChoice.LIGHT);

    assertThat(new SettingsStore(file).load().settings().theme()).isEqualTo(ThemeChoice.LIGHT);
  }

  @Test
  void startsWithTheLoadedChoice() {
    var model =
        model(Settings.defaults().withTheme(ThemeChoice.DARK), dir.resolve("settings.json"));

    assertThat(model.themeProperty().get()).isEqualTo(ThemeChoice.DARK);
    assertThat(model.darkThemeProperty().get()).isTrue();
    assertThat(dir.resolve("settings.json"))
        .as("nothing is saved until the user changes something")
        .doesNotExist();
  }

  @Test
  void darkThemeFollowsTheChoice() {
    var model =
        model(Settings.defaults().withTheme(ThemeChoice.LIGHT), dir.resolve("settings.json"));
    model.systemPrefersDarkProperty().set(true);
    assertThat(model.darkThemeProperty().get()).as("LIGHT ignores the system").isFalse();

    model.themeProperty().set(ThemeChoice.DARK);
    model.systemPrefersDarkProperty().set(false);
    assertThat(model.darkThemeProperty().get()).as("DARK ignores the system").isTrue();

    model.themeProperty().set(ThemeChoice.LIGHT);
    assertThat(model.darkThemeProperty().get()).isFalse();
  }

  @Test
  void darkThemeFollowsTheSystemWhenTheChoiceIsSystem() {
    var model = model(Settings.defaults(), dir.resolve("settings.json"));
    assertThat(model.themeProperty().get()).isEqualTo(ThemeChoice.SYSTEM);
    assertThat(model.darkThemeProperty().get()).isFalse();

    model.systemPrefersDarkProperty().set(true);
    assertThat(model.darkThemeProperty().get()).isTrue();

    model.systemPrefersDarkProperty().set(false);
    assertThat(model.darkThemeProperty().get()).isFalse();
  }

  @Test
  void saveFailureBecomesANoticeAndTheChoiceStays() throws IOException {
    var notAFolder =
        Files.writeString(dir.resolve("drover"), "a file where the settings folder should be");
    var file = notAFolder.resolve("settings.json");
    var model = model(Settings.defaults(), file);

    model.themeProperty().set(ThemeChoice.DARK);

    assertThat(notices.noticesProperty())
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.title()).isEqualTo("Your settings could not be saved");
              assertThat(notice.detail()).contains(notAFolder.toString());
            });
    assertThat(model.themeProperty().get()).isEqualTo(ThemeChoice.DARK);
    assertThat(model.current().theme()).isEqualTo(ThemeChoice.DARK);
    assertThat(model.darkThemeProperty().get()).isTrue();
    assertThat(notAFolder).isRegularFile();
  }

  @Test
  void clearingTheChoiceKeepsThePreviousOne() {
    var file = dir.resolve("settings.json");
    var model = model(Settings.defaults(), file);
    model.themeProperty().set(ThemeChoice.DARK);

    model.themeProperty().set(null);

    assertThat(model.themeProperty().get()).isEqualTo(ThemeChoice.DARK);
    assertThat(model.current().theme()).isEqualTo(ThemeChoice.DARK);
    assertThat(new SettingsStore(file).load().settings().theme()).isEqualTo(ThemeChoice.DARK);
    assertThat(notices.noticesProperty()).isEmpty();
  }

  @Test
  void settingsFileNamesTheStoresFile() {
    var file = dir.resolve("settings.json");

    assertThat(model(Settings.defaults(), file).settingsFile())
        .isEqualTo(file.toAbsolutePath().toString());
  }

  @Test
  void kubernetesChoicesAreSavedKeepingTheRest() {
    var file = dir.resolve("settings.json");
    var model = model(Settings.defaults().withTheme(ThemeChoice.DARK), file);

    model.kubernetesEnabledProperty().set(true);
    model.traefikProperty().set(false);
    model.k3sVersionProperty().set(new K3sVersionChoice("v1.30.6+k3s1", "v1.30.6+k3s1"));

    var saved = new SettingsStore(file).load().settings();
    assertThat(saved.theme()).isEqualTo(ThemeChoice.DARK);
    assertThat(saved.kubernetes()).isEqualTo(new KubernetesSettings(true, "v1.30.6+k3s1", false));
  }

  @Test
  void offlineTheVersionPickerOffersTheShippedListAndSaysSo() throws IOException {
    var file = dir.resolve("settings.json");
    var offline = offlineSite();
    var model =
        new SettingsViewModel(
            Settings.defaults(),
            new SettingsStore(file),
            Background.sameThread(),
            notices,
            Background.sameThread(),
            () -> new K3sVersions(HttpClient.newHttpClient(), offline, dir.resolve("cache")));

    model.loadK3sVersions(true);

    assertThat(model.k3sVersionsLoadingProperty().get()).isFalse();
    assertThat(model.k3sVersionChoices()).hasSizeGreaterThan(3);
    assertThat(model.k3sVersionChoices().getFirst().tag()).isNull();
    assertThat(model.k3sVersionChoices().getFirst().label()).startsWith("Recommended (stable: v1.");
    assertThat(model.k3sVersionProperty().get().tag()).isNull();
    assertThat(model.k3sVersionsNoteProperty().get())
        .startsWith("Versions shipped with Drover")
        .contains("could not be reached");
    assertThat(file).as("loading the list changes no setting").doesNotExist();
  }

  @Test
  void aPinnedVersionMissingFromTheListStaysChosen() throws IOException {
    var file = dir.resolve("settings.json");
    var pinned =
        Settings.defaults()
            .withKubernetes(KubernetesSettings.defaults().withK3sVersion("v1.20.15+k3s1"));
    var offline = offlineSite();
    var model =
        new SettingsViewModel(
            pinned,
            new SettingsStore(file),
            Background.sameThread(),
            notices,
            Background.sameThread(),
            () -> new K3sVersions(HttpClient.newHttpClient(), offline, dir.resolve("cache")));

    model.loadK3sVersions(false);

    assertThat(model.k3sVersionProperty().get().tag()).isEqualTo("v1.20.15+k3s1");
    assertThat(model.k3sVersionChoices())
        .extracting(K3sVersionChoice::tag)
        .contains("v1.20.15+k3s1");
    assertThat(file).doesNotExist();
  }

  // A release site on a port nothing listens on: the look-up fails the way it does offline.
  private static K3sReleaseSite offlineSite() throws IOException {
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return K3sReleaseSite.at(URI.create("http://127.0.0.1:" + port + "/"));
  }

  private SettingsViewModel withReset(ClusterReset reset) {
    return new SettingsViewModel(
        Settings.defaults(),
        new SettingsStore(dir.resolve("settings.json")),
        Background.sameThread(),
        notices,
        Background.sameThread(),
        null,
        reset);
  }

  private static ClusterReset reset(Optional<String> blocked, Runnable work) {
    return new ClusterReset() {
      @Override
      public Optional<String> unavailableReason() {
        return blocked;
      }

      @Override
      public void reset() {
        work.run();
      }
    };
  }

  @Test
  void resetKubernetesIsDisabledWithTheReasonWhenThereIsNoVm() {
    var resets = new AtomicInteger();
    var model =
        withReset(
            reset(
                Optional.of(
                    "Kubernetes runs in the Drover VM, which this version does not start yet."),
                resets::incrementAndGet));

    model.resetKubernetes();

    assertThat(model.canResetKubernetesProperty().get()).isFalse();
    assertThat(model.resetKubernetesNoteProperty().get()).contains("Drover VM");
    assertThat(resets).hasValue(0);
  }

  @Test
  void resetKubernetesRunsTheClusterResetAndSaysSo() {
    var resets = new AtomicInteger();
    var model = withReset(reset(Optional.empty(), resets::incrementAndGet));
    assertThat(model.canResetKubernetesProperty().get()).isTrue();

    model.resetKubernetes();

    assertThat(resets).hasValue(1);
    assertThat(model.resetKubernetesNoteProperty().get())
        .isEqualTo("Kubernetes was reset; a fresh cluster runs.");
    assertThat(model.canResetKubernetesProperty().get()).isTrue();
    assertThat(notices.noticesProperty()).isEmpty();
  }

  @Test
  void aFailedResetIsReportedInWordsAndCanBeTriedAgain() {
    var model =
        withReset(
            reset(
                Optional.empty(),
                () -> {
                  throw new IllegalStateException(
                      "The cluster's data could not be removed (VM did not answer). Try again.");
                }));

    model.resetKubernetes();

    assertThat(notices.noticesProperty())
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.title()).isEqualTo("Kubernetes could not be reset");
              assertThat(notice.detail()).contains("Try again");
            });
    assertThat(model.canResetKubernetesProperty().get()).isTrue();
  }
}
