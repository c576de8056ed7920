package dev.drover.app.ui.settings;

import dev.drover.app.kubernetes.ClusterReset;
import dev.drover.app.settings.EngineAddress;
import dev.drover.app.settings.KubernetesSettings;
import dev.drover.app.settings.Settings;
import dev.drover.app.settings.SettingsStore;
import dev.drover.app.settings.ThemeChoice;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.shell.Notice;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.kube.k3s.K3sVersionList;
import dev.drover.kube.k3s.K3sVersions;
import dev.drover.vm.host.VmSettings;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Settings page. Every change is saved at once, off the UI thread, through a serial executor so
 * saves land in the order they were made.
 */
public final class SettingsViewModel {

  private final ObjectProperty<ThemeChoice> theme;
  private final BooleanProperty systemPrefersDark = new SimpleBooleanProperty(false);
  private final BooleanProperty closeToTray;
  private final BooleanProperty startAtLogin;
  private final BooleanBinding darkTheme;
  private final SettingsStore store;
  private final Background saves;
  private final NoticesViewModel notices;
  private final BooleanProperty kubernetesEnabled;
  private final BooleanProperty traefik;
  private final ObjectProperty<K3sVersionChoice> k3sVersion;
  private final ObservableList<K3sVersionChoice> k3sVersionChoices =
      FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper k3sVersionsNote = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper k3sVersionsLoading = new ReadOnlyBooleanWrapper(false);
  private final Background io;
  private final Supplier<K3sVersions> k3sVersions;
  private final ClusterReset clusterReset;
  private final ReadOnlyBooleanWrapper canResetKubernetes = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper resetKubernetesNote = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper trayAvailable = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper windowCloseNote = new ReadOnlyStringWrapper("");
  private final StringProperty engineHost;
  private final ReadOnlyStringWrapper engineHostProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper engineHostNote = new ReadOnlyStringWrapper("");

  /**
   * The engine address the running app chose its engine by; a saved change takes effect at the next
   * start.
   */
  private final String engineHostInUse;

  private Settings current;

  private static final String NO_TRAY =
      "This desktop shows no tray icons (no StatusNotifierItem tray on its session bus, no system"
          + " tray), so closing the window quits Drover. On GNOME, the AppIndicator extension adds"
          + " such a tray.";

  /**
   * As the full constructor, with the k3s version picker offering only the list shipped with
   * Drover.
   */
  public SettingsViewModel(
      Settings loaded, SettingsStore store, Background saves, NoticesViewModel notices) {
    this(loaded, store, saves, notices, saves, null);
  }

  /**
   * @param saves runs one save at a time, in order
   * @param io runs the version list look-ups
   * @param k3sVersions the k3s version service, created on first use on an {@code io} thread (it
   *     brings the HTTP stack, not needed for the first frame); {@code null} offers only the
   *     shipped list
   */
  public SettingsViewModel(
      Settings loaded,
      SettingsStore store,
      Background saves,
      NoticesViewModel notices,
      Background io,
      Supplier<K3sVersions> k3sVersions) {
    this(loaded, store, saves, notices, io, k3sVersions, null);
  }

  /**
   * As above, with "Reset Kubernetes" acting on {@code clusterReset}; {@code null} disables it (no
   * cluster).
   */
  public SettingsViewModel(
      Settings loaded,
      SettingsStore store,
      Background saves,
      NoticesViewModel notices,
      Background io,
      Supplier<K3sVersions> k3sVersions,
      ClusterReset clusterReset) {
    this.clusterReset = clusterReset;
    var resetBlocked =
        clusterReset == null
            ? Optional.of("There is no local Kubernetes cluster to reset.")
            : clusterReset.unavailableReason();
    canResetKubernetes.set(resetBlocked.isEmpty());
    resetKubernetesNote.set(resetBlocked.orElse(""));
    this.io = io;
    this.k3sVersions = k3sVersions;
    this.current = loaded;
    this.store = store;
    this.saves = saves;
    this.notices = notices;
    this.theme = new SimpleObjectProperty<>(loaded.theme());
    this.darkTheme =
        Bindings.createBooleanBinding(
            () ->
                switch (theme.get()) {
                  case DARK -> true;
                  case LIGHT -> false;
                  case SYSTEM -> systemPrefersDark.get();
                },
            theme,
            systemPrefersDark);
    theme.addListener(
        (obs, old, chosen) -> {
          if (chosen == null) {
            theme.set(old);
            return;
          }
          update(current.withTheme(chosen));
        });
    this.closeToTray = new SimpleBooleanProperty(loaded.closeToTray());
    closeToTray.addListener((obs, old, keep) -> update(current.withCloseToTray(keep)));
    this.startAtLogin = new SimpleBooleanProperty(loaded.startAtLogin());
    startAtLogin.addListener((obs, old, start) -> update(current.withStartAtLogin(start)));
    this.engineHostInUse = loaded.engineHost();
    this.engineHost =
        new SimpleStringProperty(loaded.engineHost() == null ? "" : loaded.engineHost());
    engineHost.addListener(
        (obs, old, text) ->
            engineHostProblem.set(
                EngineAddress.problem(text)
                    .map(problem -> "This address cannot be used: " + problem + ".")
                    .orElse("")));

    var kubernetes = loaded.kubernetes();
    this.kubernetesEnabled = new SimpleBooleanProperty(kubernetes.enabled());
    this.traefik = new SimpleBooleanProperty(kubernetes.traefik());
    var pinned =
        kubernetes.k3sVersion() == null
            ? K3sVersionChoice.RECOMMENDED
            : K3sVersionChoice.pinned(kubernetes.k3sVersion());
    this.k3sVersion = new SimpleObjectProperty<>(pinned);
    k3sVersionChoices.setAll(pinned);
    kubernetesEnabled.addListener(
        (obs, old, on) -> updateKubernetes(current.kubernetes().withEnabled(on)));
    traefik.addListener((obs, old, on) -> updateKubernetes(current.kubernetes().withTraefik(on)));
    k3sVersion.addListener(
        (obs, old, chosen) -> {
          if (chosen == null) {
            // A picker clears its value while its items are replaced; the user's choice stays.
            k3sVersion.set(old);
            return;
          }
          if (!chosen.sameAs(old))
            updateKubernetes(current.kubernetes().withK3sVersion(chosen.tag()));
        });
  }

  /** Whether "Reset Kubernetes" can run now: there is a cluster and no reset under way. */
  public ReadOnlyBooleanProperty canResetKubernetesProperty() {
    return canResetKubernetes.getReadOnlyProperty();
  }

  /** Why the reset is disabled, or how the last one went; empty when there is nothing to say. */
  public ReadOnlyStringProperty resetKubernetesNoteProperty() {
    return resetKubernetesNote.getReadOnlyProperty();
  }

  /** The question the view asks before {@link #resetKubernetes()}. */
  public String resetKubernetesQuestion() {
    return "Every workload, volume and image in the local cluster is deleted, and a fresh cluster starts."
        + " Other kubeconfig contexts are not touched.";
  }

  /** Wipes the local cluster and starts it fresh, off the UI thread; the view has asked first. */
  public void resetKubernetes() {
    if (!canResetKubernetes.get()) return;
    canResetKubernetes.set(false);
    resetKubernetesNote.set("Resetting Kubernetes…");
    io.run(
        () -> {
          clusterReset.reset();
          return null;
        },
        done -> {
          canResetKubernetes.set(true);
          resetKubernetesNote.set("Kubernetes was reset; a fresh cluster runs.");
        },
        failure -> {
          canResetKubernetes.set(true);
          resetKubernetesNote.set("");
          notices.report(new Notice("Kubernetes could not be reset", failure.getMessage()));
        });
  }

  public BooleanProperty kubernetesEnabledProperty() {
    return kubernetesEnabled;
  }

  public BooleanProperty traefikProperty() {
    return traefik;
  }

  /** The picked version; the entry with a null tag follows the stable channel. */
  public ObjectProperty<K3sVersionChoice> k3sVersionProperty() {
    return k3sVersion;
  }

  public ObservableList<K3sVersionChoice> k3sVersionChoices() {
    return k3sVersionChoices;
  }

  /** Where the list came from when it is not fresh from the release site, or that it is loading. */
  public ReadOnlyStringProperty k3sVersionsNoteProperty() {
    return k3sVersionsNote.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty k3sVersionsLoadingProperty() {
    return k3sVersionsLoading.getReadOnlyProperty();
  }

  /**
   * Fills the version picker off the UI thread. Opening Settings shows the list Drover has (the
   * cached one, else the shipped one) without going online; only the user's "Check for newer
   * versions" asks the release site, falling back to the cached or shipped list with a note saying
   * why.
   *
   * @param refresh ask the release site (the user asked for newer versions)
   */
  public void loadK3sVersions(boolean refresh) {
    if (k3sVersionsLoading.get()) return;
    k3sVersionsLoading.set(true);
    k3sVersionsNote.set(refresh ? "Looking up k3s versions…" : "");
    io.run(
        () -> {
          if (k3sVersions == null) return K3sVersions.bundled();
          var service = k3sVersions.get();
          return refresh ? service.refresh() : service.known();
        },
        this::showVersions,
        failure -> {
          k3sVersionsLoading.set(false);
          k3sVersionsNote.set(
              "The k3s version list could not be loaded (" + failure.getMessage() + ").");
        });
  }

  private void showVersions(K3sVersionList list) {
    var choices = new ArrayList<K3sVersionChoice>();
    choices.add(K3sVersionChoice.recommended(list));
    list.versions().forEach(version -> choices.add(K3sVersionChoice.of(version, list)));
    var chosen = k3sVersion.get();
    var kept = choices.stream().filter(choice -> choice.sameAs(chosen)).findFirst();
    if (kept.isEmpty()) {
      // A pinned version missing from this list (an older cache, the shipped snapshot) is still the
      // choice.
      choices.add(1, chosen);
    }
    k3sVersionChoices.setAll(choices);
    k3sVersion.set(kept.orElse(chosen));
    k3sVersionsLoading.set(false);
    k3sVersionsNote.set(
        switch (list.source()) {
          case ONLINE -> "";
          case CACHE ->
              "Versions known on "
                  + day(list)
                  + list.problem().map(p -> "; " + p).orElse("")
                  + CHECK_HINT;
          case BUNDLED ->
              "Versions shipped with Drover"
                  + list.problem().map(p -> "; " + p).orElse("")
                  + CHECK_HINT;
        });
  }

  private static final String CHECK_HINT = ". ⟳ checks for newer versions.";

  private static String day(K3sVersionList list) {
    return list.fetchedAt().toString().substring(0, 10);
  }

  private void updateKubernetes(KubernetesSettings next) {
    update(current.withKubernetes(next));
  }

  /**
   * Closing the window keeps Drover running in the tray (where there is one) instead of quitting.
   */
  public BooleanProperty closeToTrayProperty() {
    return closeToTray;
  }

  /**
   * Whether this desktop has a system tray that holds Drover's icon; false until the tray has
   * answered. The choice to close to the tray only applies where this is true.
   */
  public ReadOnlyBooleanProperty trayAvailableProperty() {
    return trayAvailable.getReadOnlyProperty();
  }

  /**
   * What closing the window does where the close-to-tray choice does not apply; empty where it
   * does, and empty until the tray has answered: a desktop with a tray is not told first that
   * closing quits.
   */
  public ReadOnlyStringProperty windowCloseNoteProperty() {
    return windowCloseNote.getReadOnlyProperty();
  }

  /**
   * Tells whether Drover's icon is in the system tray; the composition root calls it once the tray
   * answered.
   */
  public void trayAvailable(boolean available) {
    trayAvailable.set(available);
    windowCloseNote.set(available ? "" : NO_TRAY);
  }

  /**
   * The engine address the user types, e.g. {@code unix:///var/run/docker.sock}; empty to let
   * Drover choose (the VM's engine while it runs, else the Docker CLI's). Checked as it is typed,
   * saved by {@link #saveEngineHost()}.
   */
  public StringProperty engineHostProperty() {
    return engineHost;
  }

  /** Why the typed engine address cannot be used; empty when it can. */
  public ReadOnlyStringProperty engineHostProblemProperty() {
    return engineHostProblem.getReadOnlyProperty();
  }

  /** Says when a saved engine address takes effect; empty while it is the one in use. */
  public ReadOnlyStringProperty engineHostNoteProperty() {
    return engineHostNote.getReadOnlyProperty();
  }

  /**
   * Saves the typed engine address when it can be used (the view calls this when the field is left
   * or Enter is pressed); an address that cannot be used is not saved, and its problem stays on
   * screen.
   */
  public void saveEngineHost() {
    var text = engineHost.get() == null ? "" : engineHost.get().strip();
    if (EngineAddress.problem(text).isPresent()) return;
    var next = current.withEngineHost(text);
    if (!Objects.equals(next.engineHost(), current.engineHost())) update(next);
    engineHostNote.set(
        Objects.equals(next.engineHost(), engineHostInUse)
            ? ""
            : next.engineHost() == null
                ? "Saved. From its next start Drover chooses the engine itself (its VM's, else the Docker CLI's)."
                : "Saved. Drover connects to this engine from its next start.");
  }

  /** Drover starts when the user logs in; the composition root registers it with the desktop. */
  public BooleanProperty startAtLoginProperty() {
    return startAtLogin;
  }

  /** The user's choice; the view binds its selector to it. */
  public ObjectProperty<ThemeChoice> themeProperty() {
    return theme;
  }

  /** What the operating system prefers; the view feeds it from the platform's preferences. */
  public BooleanProperty systemPrefersDarkProperty() {
    return systemPrefersDark;
  }

  /** Whether the dark theme is in force, from the choice and the system preference. */
  public BooleanBinding darkThemeProperty() {
    return darkTheme;
  }

  public Settings current() {
    return current;
  }

  /** Saves the VM settings (they take effect at the VM's next start). */
  public void updateVm(VmSettings vm) {
    update(current.withVm(vm));
  }

  public String settingsFile() {
    return store.file().toString();
  }

  private void update(Settings next) {
    current = next;
    saves.run(
        () -> store.save(next),
        failure ->
            notices.report(new Notice("Your settings could not be saved", failure.getMessage())));
  }
}
