package dev.drover.app.ui.vm;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The VM in the status bar: its state, a spinner while it starts or stops, and a menu to start,
 * stop, restart.
 *
 * <p>The window's first frame shows it as a stopped VM's item, before the VM is wired (the VM's
 * driver and view models come after that frame); {@link #attach} then gives it the VM's state,
 * tooltip and menu.
 */
public final class VmStatusItem extends MenuButton {

  private final FontIcon icon = new FontIcon(Feather.SERVER);

  /** The item as a stopped VM shows it, with no menu yet: see {@link #attach}. */
  public VmStatusItem() {
    setId("vm-status");
    getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
    setText(VmControlViewModel.STOPPED_TEXT);
    setGraphic(icon);
    paint(icon, VmControlViewModel.State.STOPPED);
  }

  public VmStatusItem(VmControlViewModel model) {
    this();
    attach(model);
  }

  /**
   * Follows {@code model} from now on: its state, progress, failures and the start/stop/restart
   * menu. Once.
   */
  public void attach(VmControlViewModel model) {
    // A published port the VM could not forward is said where the user looks: the item's text,
    // its warning colour and its tooltip (the whole notice).
    textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    model.statusTextProperty().get()
                        + (model.portsNotForwardedProperty().isEmpty()
                            ? ""
                            : " · ports not forwarded: " + model.portsNotForwardedProperty().size())
                        + (model.proxyNoticeProperty().get().isEmpty()
                            ? ""
                            : " · proxy unreachable from the VM"),
                model.statusTextProperty(),
                model.portsNotForwardedProperty(),
                model.proxyNoticeProperty()));
    var spinner = new ProgressIndicator();
    spinner.setPrefSize(14, 14);
    graphicProperty()
        .bind(Bindings.when(model.inProgressProperty()).<Node>then(spinner).otherwise(icon));
    var tooltip = new Tooltip();
    tooltip
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    (model.failureProperty().get().isEmpty()
                            ? model.statusTextProperty().get()
                            : model.failureProperty().get())
                        + (model.portNoticeProperty().get().isEmpty()
                            ? ""
                            : "\n" + model.portNoticeProperty().get())
                        + (model.proxyNoticeProperty().get().isEmpty()
                            ? ""
                            : "\n" + model.proxyNoticeProperty().get()),
                model.failureProperty(),
                model.statusTextProperty(),
                model.portNoticeProperty(),
                model.proxyNoticeProperty()));
    setTooltip(tooltip);
    var start = new MenuItem("Start VM", new FontIcon(Feather.PLAY));
    start.setId("vm-menu-start");
    start.disableProperty().bind(model.canStartProperty().not());
    start.setOnAction(e -> model.start());
    var stop = new MenuItem("Stop VM", new FontIcon(Feather.SQUARE));
    stop.setId("vm-menu-stop");
    stop.disableProperty().bind(model.canStopProperty().not());
    stop.setOnAction(e -> model.stop());
    var restart = new MenuItem("Restart VM", new FontIcon(Feather.ROTATE_CW));
    restart.setId("vm-menu-restart");
    restart.disableProperty().bind(model.canStopProperty().not());
    restart.setOnAction(e -> model.restart());
    getItems().setAll(start, stop, restart);
    Runnable repaint =
        () ->
            paint(
                icon,
                model.stateProperty().get() == VmControlViewModel.State.RUNNING
                        && !model.portNoticeProperty().get().isEmpty()
                    ? VmControlViewModel.State.DEGRADED
                    : model.stateProperty().get());
    model.stateProperty().addListener((obs, old, state) -> repaint.run());
    model.portNoticeProperty().addListener((obs, old, notice) -> repaint.run());
    repaint.run();
  }

  private static void paint(FontIcon icon, VmControlViewModel.State state) {
    icon.getStyleClass()
        .setAll(
            "ikonli-font-icon",
            switch (state) {
              case RUNNING -> Styles.SUCCESS;
              case STARTING, STOPPING, DEGRADED -> Styles.WARNING;
              case ERROR -> Styles.DANGER;
              case STOPPED -> Styles.TEXT_MUTED;
            });
  }
}
