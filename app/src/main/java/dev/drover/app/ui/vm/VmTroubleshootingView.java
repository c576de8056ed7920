package dev.drover.app.ui.vm;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shell.Confirm;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The VM on the Troubleshooting page: the live console and engine-side logs (followed only while on
 * screen), "Collect diagnostics" and "Factory reset".
 */
public final class VmTroubleshootingView extends VBox {

  /**
   * @param hostFolders how host folders reach the VM and which are shared ({@link
   *     dev.drover.vm.host.HostFolders#describe()})
   */
  public VmTroubleshootingView(
      VmTroubleshootingViewModel model, VmControlViewModel control, String hostFolders) {
    var title = new Label("Virtual machine");
    title.getStyleClass().add(Styles.TITLE_4);
    var folders = new Label(hostFolders);
    folders.setId("vm-host-folders");
    folders.setWrapText(true);

    var console = logList(model.consoleProperty(), "vm-console-log");
    var hypervisor = logList(model.hypervisorLogProperty(), "vm-hypervisor-log");
    var engineLines = logList(model.engineLogProperty(), "vm-engine-log");
    var refresh = new Button("Load the engine's log", new FontIcon(Feather.REFRESH_CW));
    refresh.setId("vm-engine-log-load");
    refresh.getStyleClass().add(Styles.SMALL);
    refresh.setOnAction(e -> model.loadEngineLog());
    var engineProblem = new Label();
    engineProblem.textProperty().bind(model.engineLogProblemProperty());
    ErrorText.readable(engineProblem);
    WholeText.keep(refresh);
    var engine = new VBox(6, new HBox(8, refresh, engineProblem), engineLines);
    VBox.setVgrow(engineLines, Priority.ALWAYS);
    var tabs =
        new TabPane(
            new Tab("Console", console),
            new Tab("Engine", engine),
            new Tab("Hypervisor", hypervisor));
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.setPrefHeight(280);

    var collect = new Button("Collect diagnostics", new FontIcon(Feather.PACKAGE));
    collect.setId("vm-collect-diagnostics");
    collect.disableProperty().bind(model.collectingProperty());
    collect.setOnAction(
        e -> {
          var chooser = new FileChooser();
          chooser.setTitle("Save diagnostics");
          chooser.setInitialFileName(
              "drover-diagnostics-"
                  + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                  + ".zip");
          chooser
              .getExtensionFilters()
              .add(new FileChooser.ExtensionFilter("Zip archives", "*.zip"));
          var target = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
          if (target != null) model.collectDiagnostics(target.toPath());
        });
    var reset = new Button("Factory reset", new FontIcon(Feather.TRASH_2));
    reset.setId("vm-factory-reset");
    reset.getStyleClass().add(Styles.DANGER);
    reset.disableProperty().bind(control.busyProperty());
    reset.setOnAction(
        e -> {
          if (Confirm.ask(
              reset,
              "Reset the VM to its factory state?",
              "The VM is stopped and deleted with its disk: every image, container and volume in it is lost. "
                  + "The next start creates a new, empty VM.",
              "Reset",
              "vm-factory-reset-confirm")) {
            control.factoryReset();
          }
        });
    var result = new Label();
    result.setId("vm-diagnostics-result");
    result.setWrapText(true);
    result.textProperty().bind(model.diagnosticsResultProperty());
    var failure = new Label();
    failure.getStyleClass().add(Styles.DANGER);
    failure.setWrapText(true);
    failure.textProperty().bind(control.failureProperty());
    ErrorText.readable(failure);
    ErrorText.readable(result);
    WholeText.keep(collect, reset);
    var actions = new HBox(8, collect, reset);
    var memory = new Label();
    memory.setId("vm-memory-footprint");
    // "not measured" explains itself at length: the line is the label's alone (its button sits with
    // the other actions) and wraps rather than being cut
    memory.setWrapText(true);
    memory
        .textProperty()
        .bind(Bindings.concat("Memory on this computer: ", model.memoryFootprintProperty()));
    var measure = new Button("Measure again", new FontIcon(Feather.REFRESH_CW));
    measure.setId("vm-memory-measure");
    measure.getStyleClass().add(Styles.SMALL);
    measure.setOnAction(e -> model.measureMemoryFootprint());
    WholeText.keep(measure);
    var ports = new Label();
    ports.setId("vm-ports-not-forwarded");
    ports.getStyleClass().add(Styles.WARNING);
    ports.setWrapText(true);
    ports
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    control.portsNotForwardedProperty().isEmpty()
                        ? ""
                        : "Published ports not forwarded to this computer (reachable only inside"
                            + " the VM): "
                            + String.join("; ", control.portsNotForwardedProperty()),
                control.portsNotForwardedProperty()));
    ports.visibleProperty().bind(control.portsNotForwardedProperty().emptyProperty().not());
    ports.managedProperty().bind(ports.visibleProperty());
    ErrorText.readable(ports);

    sceneProperty()
        .addListener(
            (obs, old, scene) -> {
              if (scene != null) model.follow();
              else model.pause();
            });
    actions.getChildren().add(measure);
    getChildren().addAll(title, folders, tabs, memory, ports, actions, result, failure);
    setSpacing(10);
    setPadding(new Insets(0, 16, 16, 16));
  }

  private static ListView<String> logList(ObservableList<String> lines, String id) {
    var list = new ListView<>(lines);
    list.setId(id);
    list.getStyleClass().addAll(Styles.DENSE, "monospace");
    // stay at the newest line while new ones arrive
    lines.addListener(
        (ListChangeListener<String>)
            c -> {
              if (!lines.isEmpty()) list.scrollTo(lines.size() - 1);
            });
    return list;
  }
}
