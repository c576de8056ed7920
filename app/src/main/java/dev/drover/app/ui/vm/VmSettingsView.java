package dev.drover.app.ui.vm;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import dev.drover.vm.SharedFolder;
import dev.drover.vm.VmConfig;
import dev.drover.vm.host.DriverChoice;
import java.nio.file.Path;
import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The VM section of Settings: the VM's settings and its start, stop and restart with progress and
 * failures.
 */
public final class VmSettingsView extends VBox {

  public VmSettingsView(VmSettingsViewModel settings, VmControlViewModel control) {
    var title = new Label("Virtual machine");
    title.getStyleClass().add(Styles.TITLE_4);

    var driver = new ComboBox<DriverChoice>();
    driver.setId("vm-driver");
    driver.getItems().setAll(settings.drivers());
    driver.setConverter(converter(DriverChoice::displayName));
    driver.valueProperty().bindBidirectional(settings.driverProperty());

    var cpus = new Spinner<Integer>(1, 64, settings.cpusProperty().get());
    cpus.setId("vm-cpus");
    cpus.setEditable(true);
    cpus.getValueFactory()
        .valueProperty()
        .addListener(
            (obs, old, v) -> {
              if (v != null) settings.cpusProperty().set(v);
            });
    settings
        .cpusProperty()
        .addListener((obs, old, v) -> cpus.getValueFactory().setValue(v.intValue()));

    var memory = new Spinner<Integer>(512, 262_144, settings.memoryMibProperty().get(), 512);
    memory.setId("vm-memory");
    memory.setEditable(true);
    memory
        .getValueFactory()
        .valueProperty()
        .addListener(
            (obs, old, v) -> {
              if (v != null) settings.memoryMibProperty().set(v);
            });
    settings
        .memoryMibProperty()
        .addListener((obs, old, v) -> memory.getValueFactory().setValue(v.intValue()));
    cpus.setDisable(!settings.cpusMemoryApply());
    memory.setDisable(!settings.cpusMemoryApply());

    var disk = new Spinner<Integer>(1, 4096, settings.diskGibProperty().get(), 8);
    disk.setId("vm-disk");
    disk.setEditable(true);
    disk.getValueFactory()
        .valueProperty()
        .addListener(
            (obs, old, v) -> {
              if (v != null) settings.diskGibProperty().set(v);
            });
    settings
        .diskGibProperty()
        .addListener((obs, old, v) -> disk.getValueFactory().setValue(v.intValue()));

    var engine = new ComboBox<VmConfig.Engine>();
    engine.setId("vm-engine");
    engine.getItems().setAll(settings.engines());
    engine.setConverter(
        converter(e -> e == VmConfig.Engine.MOBY ? "Docker Engine (moby)" : "containerd"));
    engine.valueProperty().bindBidirectional(settings.engineProperty());

    var architecture = new Label(settings.guestArchitecture());
    architecture.setId("vm-guest-architecture");

    var form = new GridPane(12, 8);
    form.addRow(0, new Label("Driver"), driver);
    form.addRow(1, new Label("CPUs"), cpus);
    form.addRow(2, new Label("Memory (MiB)"), memory);
    form.addRow(3, new Label("Disk (GiB)"), disk);
    form.addRow(4, new Label("Engine"), engine);
    form.addRow(5, new Label("Guest architecture"), architecture);
    WholeText.labels(form);

    var problem = new Label();
    problem.setId("vm-settings-problem");
    problem.getStyleClass().add(Styles.DANGER);
    problem.textProperty().bind(settings.problemProperty());
    problem.managedProperty().bind(problem.textProperty().isNotEmpty());
    ErrorText.readable(problem);
    var note = new Label(settings.note());
    note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    note.setWrapText(true);

    getChildren()
        .addAll(
            title,
            form,
            network(settings),
            problem,
            note,
            sharedFolders(settings),
            controls(control));
    setSpacing(10);
    setPadding(new Insets(0, 16, 16, 16));
  }

  /** The host folders the VM mounts at their paths: the list, add (typed or chosen), remove. */
  private static VBox sharedFolders(VmSettingsViewModel settings) {
    var heading = new Label("Shared folders");
    heading.getStyleClass().add(Styles.TEXT_BOLD);
    var list = new ListView<SharedFolder>(settings.sharedFoldersProperty());
    list.setId("vm-shared-folders");
    list.setPrefHeight(110);
    list.setCellFactory(
        view ->
            new ListCell<>() {
              @Override
              protected void updateItem(SharedFolder folder, boolean empty) {
                super.updateItem(folder, empty);
                setText(
                    empty || folder == null
                        ? null
                        : folder.path() + (folder.readOnly() ? "  (read-only)" : "  (read-write)"));
              }
            });
    var path = new TextField();
    path.setId("vm-shared-folder-path");
    path.setPromptText("/path/to/folder");
    HBox.setHgrow(path, Priority.ALWAYS);
    var choose = new Button("Choose…");
    choose.setOnAction(
        e -> {
          var chosen = new DirectoryChooser().showDialog(choose.getScene().getWindow());
          if (chosen != null) path.setText(chosen.getPath());
        });
    var readOnly = new CheckBox("Read-only");
    readOnly.setId("vm-shared-folder-read-only");
    var add = new Button("Share", new FontIcon(Feather.PLUS));
    add.setId("vm-shared-folder-add");
    add.setOnAction(
        e -> {
          settings.addSharedFolder(path.getText(), readOnly.isSelected());
          if (settings.sharedFoldersProblemProperty().get().isEmpty()) path.clear();
        });
    var remove = new Button("Stop sharing", new FontIcon(Feather.MINUS));
    remove.setId("vm-shared-folder-remove");
    remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
    remove.setOnAction(
        e -> settings.removeSharedFolder(list.getSelectionModel().getSelectedItem()));
    WholeText.keep(choose, readOnly, add, remove);
    var row = new HBox(8, path, choose, readOnly, add, remove);
    row.setAlignment(Pos.CENTER_LEFT);
    var problem = new Label();
    problem.setId("vm-shared-folders-problem");
    problem.getStyleClass().add(Styles.DANGER);
    problem.textProperty().bind(settings.sharedFoldersProblemProperty());
    problem.managedProperty().bind(problem.textProperty().isNotEmpty());
    ErrorText.readable(problem);
    var note = new Label(settings.sharedFoldersNote());
    note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    note.setWrapText(true);
    return new VBox(6, heading, list, row, problem, note);
  }

  /**
   * The proxy and extra CA certificates for the VM's engines. An empty proxy field takes this
   * computer's environment variable of the same name.
   */
  private static VBox network(VmSettingsViewModel settings) {
    var title = new Label("Proxy and certificates");
    title.getStyleClass().add(Styles.TITLE_4);
    var httpProxy = proxyField("vm-http-proxy", "this computer's HTTP_PROXY");
    httpProxy.textProperty().bindBidirectional(settings.httpProxyProperty());
    var httpsProxy = proxyField("vm-https-proxy", "this computer's HTTPS_PROXY");
    httpsProxy.textProperty().bindBidirectional(settings.httpsProxyProperty());
    var noProxy = proxyField("vm-no-proxy", "this computer's NO_PROXY");
    noProxy.textProperty().bindBidirectional(settings.noProxyProperty());
    var form = new GridPane(12, 8);
    form.addRow(0, new Label("HTTP proxy"), httpProxy);
    form.addRow(1, new Label("HTTPS proxy"), httpsProxy);
    form.addRow(2, new Label("No proxy for"), noProxy);
    WholeText.labels(form);

    var hostCertificates = new CheckBox("Trust this computer's CA certificates");
    hostCertificates.setId("vm-host-certificates");
    hostCertificates.selectedProperty().bindBidirectional(settings.hostCertificatesProperty());
    var files = new ListView<Path>(settings.certificateFiles());
    files.setId("vm-certificate-files");
    files.setPrefHeight(90);
    var add = new Button("Add CA certificate…", new FontIcon(Feather.PLUS));
    add.setId("vm-certificate-add");
    add.setOnAction(
        e -> {
          var chooser = new FileChooser();
          chooser.setTitle("CA certificate (PEM) for the VM");
          chooser
              .getExtensionFilters()
              .addAll(
                  new FileChooser.ExtensionFilter("Certificates", "*.pem", "*.crt", "*.cer"),
                  new FileChooser.ExtensionFilter("All files", "*"));
          var file = chooser.showOpenDialog(add.getScene().getWindow());
          if (file != null) settings.addCertificateFile(file.toPath());
        });
    var remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
    remove.setId("vm-certificate-remove");
    remove.disableProperty().bind(files.getSelectionModel().selectedItemProperty().isNull());
    remove.setOnAction(
        e -> {
          var selected = files.getSelectionModel().getSelectedItem();
          if (selected != null) settings.removeCertificateFile(selected);
        });
    WholeText.keep(add, remove);
    return new VBox(8, title, form, hostCertificates, files, new HBox(8, add, remove));
  }

  private static TextField proxyField(String id, String prompt) {
    var field = new TextField();
    field.setId(id);
    field.setPromptText(prompt);
    field.setPrefColumnCount(32);
    return field;
  }

  /**
   * Start, stop, restart, the state with progress, and the failure with the console's last lines.
   */
  static VBox controls(VmControlViewModel control) {
    var start = new Button("Start", new FontIcon(Feather.PLAY));
    start.setId("vm-start");
    start.disableProperty().bind(control.canStartProperty().not());
    start.setOnAction(e -> control.start());
    var stop = new Button("Stop", new FontIcon(Feather.SQUARE));
    stop.setId("vm-stop");
    stop.disableProperty().bind(control.canStopProperty().not());
    stop.setOnAction(e -> control.stop());
    var restart = new Button("Restart", new FontIcon(Feather.ROTATE_CW));
    restart.setId("vm-restart");
    restart.disableProperty().bind(control.canStopProperty().not());
    restart.setOnAction(e -> control.restart());
    var state = new Label();
    state.setId("vm-state");
    state.textProperty().bind(control.statusTextProperty());
    var progress = new ProgressBar();
    progress.setPrefWidth(160);
    progress.visibleProperty().bind(control.inProgressProperty());
    progress.managedProperty().bind(progress.visibleProperty());
    var owner = new Label();
    owner.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    owner.textProperty().bind(control.ownerProperty());
    var failure = new Label();
    failure.setId("vm-failure");
    failure.setWrapText(true);
    failure.getStyleClass().add(Styles.DANGER);
    failure.textProperty().bind(control.failureProperty());
    failure.managedProperty().bind(failure.textProperty().isNotEmpty());
    ErrorText.readable(failure);
    WholeText.keep(start, stop, restart);
    state.setWrapText(true);
    var console = new TextArea();
    console.setId("vm-failure-console");
    console.setEditable(false);
    console.setPrefRowCount(6);
    console.getStyleClass().add("monospace");
    control
        .consoleTailProperty()
        .addListener(
            (ListChangeListener<String>)
                c -> console.setText(String.join("\n", control.consoleTailProperty())));
    console.visibleProperty().bind(control.consoleTailProperty().emptyProperty().not());
    console.managedProperty().bind(console.visibleProperty());
    var buttons = new HBox(8, start, stop, restart, progress, state);
    buttons.setAlignment(Pos.CENTER_LEFT);
    return new VBox(8, buttons, owner, failure, console);
  }

  private static <T> StringConverter<T> converter(Function<T, String> text) {
    return new StringConverter<>() {
      @Override
      public String toString(T value) {
        return value == null ? "" : text.apply(value);
      }

      @Override
      public T fromString(String string) {
        return null;
      }
    };
  }
}
