package dev.drover.app.ui.tray;

import dev.drover.app.ui.shell.Page;
import dev.drover.icons.DroverIcons;
import dev.drover.icons.IconState;
import java.awt.AWTException;
import java.awt.CheckboxMenuItem;
import java.awt.EventQueue;
import java.awt.Image;
import java.awt.Menu;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.Toolkit;
import java.awt.TrayIcon;
import java.awt.event.ActionListener;
import java.lang.reflect.InvocationTargetException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray icon and its menu, in AWT: JavaFX has no tray. AWT calls back on its event thread and
 * JavaFX properties change on the FX thread, so every click is handed to {@code fx} and every
 * change of the view model to {@link EventQueue#invokeLater}; nothing here touches the other
 * toolkit's objects on the wrong thread.
 */
public final class SystemTrayView implements TrayView {

  private static final Logger LOG = LoggerFactory.getLogger(SystemTrayView.class);

  private final TrayViewModel model;
  private final Executor fx;
  private final TrayIcon icon;
  private final Map<IconState, Image> images = new EnumMap<>(IconState.class);
  private final MenuItem engineLine = new MenuItem();
  private final MenuItem start = new MenuItem("Start engine");
  private final MenuItem stop = new MenuItem("Stop engine");
  private final MenuItem restart = new MenuItem();
  private final MenuItem kubernetesLine = new MenuItem();
  private final CheckboxMenuItem kubernetesOn = new CheckboxMenuItem("Kubernetes");
  private final Menu contexts = new Menu("Kubernetes context");

  private SystemTrayView(TrayViewModel model, Executor fx, int slot) {
    this.model = model;
    this.fx = fx;
    var toolkit = Toolkit.getDefaultToolkit();
    for (var state : IconState.values())
      images.put(state, toolkit.getImage(DroverIcons.tray(state, slot)));
    this.icon = new TrayIcon(images.get(IconState.STARTING), "Drover", menu());
    icon.setImageAutoSize(true);
    icon.addActionListener(
        onFx(TrayViewModel::openWindow)); // double-click, or click where the tray says so
  }

  /**
   * Prepares Drover's tray icon, bound to {@code model}; {@link #show()} then puts it in the tray.
   * Returns empty where the desktop has no tray (a bare X server, some Wayland desktops), after
   * saying so once in the log: the app works without it. Call off the FX thread (AWT starts up
   * here); {@code fx} runs work on the FX thread.
   */
  public static Optional<SystemTrayView> create(TrayViewModel model, Executor fx) {
    try {
      if (!SystemTray.isSupported()) {
        LOG.info(
            "This desktop has no system tray: Drover runs without a tray icon, and closing the window quits.");
        return Optional.empty();
      }
      var holder = new SystemTrayView[1];
      EventQueue.invokeAndWait(
          () ->
              holder[0] =
                  new SystemTrayView(
                      model, fx, SystemTray.getSystemTray().getTrayIconSize().height));
      return Optional.of(holder[0]);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (RuntimeException | Error | InvocationTargetException e) {
      // AWT that cannot start (no X access, headless runtime) is the same as no tray for the user.
      LOG.info(
          "The system tray could not be used ({}): Drover runs without a tray icon, and closing the window quits.",
          e.toString());
      return Optional.empty();
    }
  }

  /** Call off the FX and AWT threads. */
  @Override
  public boolean show() {
    var added = new boolean[1];
    try {
      EventQueue.invokeAndWait(
          () -> {
            try {
              SystemTray.getSystemTray().add(icon);
              added[0] = true;
            } catch (AWTException e) {
              LOG.info(
                  "The system tray refused Drover's icon ({}): Drover runs without it, and closing the window quits.",
                  e.getMessage());
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (InvocationTargetException e) {
      LOG.info(
          "The system tray failed ({}): Drover runs without it, and closing the window quits.",
          e.getCause().toString());
      return false;
    }
    if (!added[0]) return false;
    LOG.info("Drover's icon is in the system tray.");
    fx.execute(this::bind);
    return true;
  }

  private PopupMenu menu() {
    var menu = new PopupMenu();
    menu.add(item("Open Drover", TrayViewModel::openWindow));
    menu.addSeparator();
    engineLine.setEnabled(false);
    menu.add(engineLine);
    start.addActionListener(onFx(TrayViewModel::startEngine));
    stop.addActionListener(onFx(TrayViewModel::stopEngine));
    restart.addActionListener(onFx(TrayViewModel::restartEngine));
    menu.add(start);
    menu.add(stop);
    menu.add(restart);
    menu.addSeparator();
    kubernetesLine.setEnabled(false);
    menu.add(kubernetesLine);
    kubernetesOn.addItemListener(
        e -> {
          boolean on = kubernetesOn.getState();
          fx.execute(() -> model.setKubernetesEnabled(on));
        });
    menu.add(kubernetesOn);
    menu.add(contexts);
    menu.addSeparator();
    menu.add(item("Containers", m -> m.openPage(Page.CONTAINERS)));
    menu.add(item("Kubernetes", m -> m.openPage(Page.KUBERNETES)));
    menu.add(item("Preferences…", TrayViewModel::openPreferences));
    menu.addSeparator();
    menu.add(item("Quit Drover", TrayViewModel::quit));
    return menu;
  }

  /** On the FX thread: follows the view model, passing each change to the AWT thread. */
  private void bind() {
    follow(model.iconProperty(), state -> icon.setImage(images.get(state)));
    follow(model.tooltipProperty(), icon::setToolTip);
    follow(model.engineLineProperty(), engineLine::setLabel);
    follow(model.canStartProperty(), start::setEnabled);
    follow(model.canStopProperty(), stop::setEnabled);
    follow(model.canRestartProperty(), restart::setEnabled);
    follow(model.restartTextProperty(), restart::setLabel);
    follow(model.kubernetesProperty(), this::showKubernetes);
  }

  private void showKubernetes(KubernetesControl.Snapshot cluster) {
    kubernetesLine.setLabel("Kubernetes: " + cluster.state());
    kubernetesOn.setEnabled(cluster.available());
    kubernetesOn.setState(cluster.enabled());
    contexts.removeAll();
    contexts.setEnabled(cluster.available() && !cluster.contexts().isEmpty());
    for (var name : cluster.contexts()) {
      var item =
          new CheckboxMenuItem(name, cluster.currentContext().filter(name::equals).isPresent());
      item.addItemListener(e -> fx.execute(() -> model.useContext(name)));
      contexts.add(item);
    }
  }

  private <T> void follow(ObservableValue<T> value, Consumer<T> apply) {
    var first = value.getValue();
    EventQueue.invokeLater(() -> apply.accept(first));
    value.addListener((obs, old, now) -> EventQueue.invokeLater(() -> apply.accept(now)));
  }

  private MenuItem item(String label, Consumer<TrayViewModel> command) {
    var item = new MenuItem(label);
    item.addActionListener(onFx(command));
    return item;
  }

  private ActionListener onFx(Consumer<TrayViewModel> command) {
    return e -> fx.execute(() -> command.accept(model));
  }

  @Override
  public void close() {
    EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
  }
}
