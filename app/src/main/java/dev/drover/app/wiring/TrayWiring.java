package dev.drover.app.wiring;

import dev.drover.app.desktop.StartAtLogin;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.app.ui.containers.ContainersViewModel;
import dev.drover.app.ui.settings.SettingsViewModel;
import dev.drover.app.ui.shell.Confirm;
import dev.drover.app.ui.shell.MainViewModel;
import dev.drover.app.ui.shell.Notice;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.app.ui.shell.Page;
import dev.drover.app.ui.tray.EngineControl;
import dev.drover.app.ui.tray.KubernetesControl;
import dev.drover.app.ui.tray.StatusNotifierTrayView;
import dev.drover.app.ui.tray.SystemTrayView;
import dev.drover.app.ui.tray.TrayView;
import dev.drover.app.ui.tray.TrayViewModel;
import dev.drover.engine.EngineWatcher;
import dev.drover.icons.DroverIcons;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The tray, the window icons, the close-to-tray policy and start-at-login: app-only parts, set up
 * after the first frame (AWT and the icons are not needed for it).
 */
public final class TrayWiring implements AutoCloseable {
  private final Stage stage;
  private final MainViewModel main;
  private final SettingsViewModel settings;
  private final NoticesViewModel notices;
  private final Background background;
  private final Runnable exit;
  private final EngineWatcher engine;
  private final TrayViewModel tray;
  private volatile Optional<TrayView> trayView = Optional.empty();

  /**
   * @param control starts and stops the engine: Drover's VM, unless Settings name another engine
   *     (that one is not Drover's)
   */
  public TrayWiring(
      Stage stage,
      MainViewModel main,
      SettingsViewModel settings,
      ContainersViewModel containers,
      NoticesViewModel notices,
      Background background,
      Runnable exit,
      EngineWatcher engine,
      EngineControl control,
      KubernetesControl kubernetesControl) {
    this.stage = stage;
    this.main = main;
    this.settings = settings;
    this.notices = notices;
    this.background = background;
    this.exit = exit;
    this.engine = engine;
    this.tray =
        new TrayViewModel(
            background,
            control,
            kubernetesControl,
            () -> (int) containers.rowsProperty().stream().filter(ContainerRow::running).count(),
            running ->
                Confirm.ask(
                    stage.getScene().getRoot(),
                    "Quit Drover while "
                        + running
                        + (running == 1 ? " container runs?" : " containers run?"),
                    control.ownsEngine()
                        ? "The engine stops with Drover, and its containers with it."
                        : "They keep running in the engine, but Drover stops watching them.",
                    "Quit",
                    "confirm-quit"),
            new TrayViewModel.App() {
              @Override
              public void show(Page page) {
                if (page != null) main.show(page);
                stage.show();
                stage.setIconified(false);
                stage.toFront();
              }

              @Override
              public void exit() {
                trayView.ifPresent(TrayView::close);
                TrayWiring.this.exit.run();
              }
            },
            notices);
  }

  /** Shows the window icons and the tray icon, and applies start-at-login. */
  public void start() {
    stage
        .getIcons()
        .setAll(DroverIcons.window().stream().map(url -> new Image(url.toString())).toList());
    engine.subscribe(tray);
    stage.setOnCloseRequest(
        close -> {
          close.consume();
          if (trayView.isPresent() && settings.closeToTrayProperty().get()) stage.hide();
          else tray.quit();
        });
    // AWT starts on a thread of its own: its start-up must not hold the FX thread.
    Thread.ofPlatform()
        .name("tray-setup")
        .daemon()
        .start(
            () -> {
              // Known before the icon appears, so a close as soon as it shows already hides into
              // the tray.
              trayView = firstTrayThatTakesTheIcon();
              var inTray = trayView.isPresent();
              background.ui().post(() -> settings.trayAvailable(inTray));
            });
    var login = StartAtLogin.forThisMachine();
    Consumer<Boolean> applyLogin =
        on ->
            background.run(
                () -> login.apply(on),
                failure ->
                    notices.report(
                        new Notice(
                            "Start at login could not be " + (on ? "turned on" : "turned off"),
                            failure.getMessage())));
    settings.startAtLoginProperty().addListener((obs, was, on) -> applyLogin.accept(on));
    // Again at each start: an update may have moved the launcher the entry points at.
    if (settings.startAtLoginProperty().get()) applyLogin.accept(true);
  }

  /**
   * The desktop's StatusNotifierWatcher where the session bus has one (KDE, GNOME with the
   * AppIndicator extension, most Linux desktops, X11 or Wayland), else AWT's system tray (Windows,
   * macOS, X11 trays); empty where neither takes the icon. Each says in the log why it was not
   * used.
   */
  private Optional<TrayView> firstTrayThatTakesTheIcon() {
    Executor fx = background.ui()::post;
    Optional<TrayView> statusNotifier =
        StatusNotifierTrayView.connect(tray, fx, System.getenv()).map(TrayView.class::cast);
    if (statusNotifier.isPresent()) {
      if (statusNotifier.get().show()) return statusNotifier;
      statusNotifier.get().close();
    }
    Optional<TrayView> system = SystemTrayView.create(tray, fx).map(TrayView.class::cast);
    if (system.isPresent() && system.get().show()) return system;
    return Optional.empty();
  }

  /** Follows the cluster's state in the tray's Kubernetes menu. */
  public void kubernetesChanged() {
    tray.kubernetesChanged();
  }

  @Override
  public void close() {
    trayView.ifPresent(TrayView::close);
  }
}
