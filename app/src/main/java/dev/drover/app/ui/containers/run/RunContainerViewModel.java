package dev.drover.app.ui.containers.run;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.engine.containers.ContainerCommands;
import dev.drover.engine.containers.RunSpec;
import dev.drover.vm.host.HostFolders;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Run a container" dialog: what the user typed, checked as they type, and the run command.
 * Every field is validated before the engine is asked; what only the engine can judge comes back as
 * its own words.
 */
public final class RunContainerViewModel {

  private final StringProperty image = new SimpleStringProperty("");
  private final StringProperty name = new SimpleStringProperty("");
  private final StringProperty ports = new SimpleStringProperty("");
  private final StringProperty environment = new SimpleStringProperty("");
  private final StringProperty mounts = new SimpleStringProperty("");
  private final StringProperty command = new SimpleStringProperty("");
  private final StringProperty restart = new SimpleStringProperty("no");
  private final StringProperty runtime = new SimpleStringProperty("");
  private final BooleanProperty autoRemove = new SimpleBooleanProperty(false);
  private final ReadOnlyListWrapper<String> imageSuggestions =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ReadOnlyListWrapper<String> runtimes =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper createdId = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final ObjectBinding<Object> parsed;
  private final Background background;
  private final ContainerCommands commands;
  private final Supplier<Optional<HostFolders>> vmFolders;

  /**
   * @param localImages the engine's local image names, offered as completions
   * @param vmFolders the host folders Drover's VM reaches while the app's engine is the VM's; empty
   *     for an engine on this computer, which sees every host path itself
   */
  public RunContainerViewModel(
      Background background,
      ContainerCommands commands,
      Callable<List<String>> localImages,
      Supplier<Optional<HostFolders>> vmFolders) {
    this.background = background;
    this.commands = commands;
    this.vmFolders = vmFolders;
    // Either a RunSpec or the IllegalArgumentException saying what to fix.
    this.parsed =
        Bindings.createObjectBinding(
            this::parse,
            image,
            name,
            ports,
            environment,
            mounts,
            command,
            restart,
            runtime,
            autoRemove);
    background.run(localImages, imageSuggestions::setAll, failure -> {});
    background.run(commands::runtimes, runtimes::setAll, failure -> {});
  }

  public StringProperty imageProperty() {
    return image;
  }

  public StringProperty nameProperty() {
    return name;
  }

  /** [hostIp:]hostPort:containerPort[/udp], one per line or comma. */
  public StringProperty portsProperty() {
    return ports;
  }

  /** KEY=value, one per line. */
  public StringProperty environmentProperty() {
    return environment;
  }

  /** volume:/path[:ro] or /host/path:/path[:ro], one per line or comma. */
  public StringProperty mountsProperty() {
    return mounts;
  }

  public StringProperty commandProperty() {
    return command;
  }

  /** no, always, unless-stopped, on-failure[:retries]. */
  public StringProperty restartProperty() {
    return restart;
  }

  /** Blank for the engine's default runtime. */
  public StringProperty runtimeProperty() {
    return runtime;
  }

  public BooleanProperty autoRemoveProperty() {
    return autoRemove;
  }

  public ReadOnlyListProperty<String> imageSuggestionsProperty() {
    return imageSuggestions.getReadOnlyProperty();
  }

  public ReadOnlyListProperty<String> runtimesProperty() {
    return runtimes.getReadOnlyProperty();
  }

  /** What is wrong with the input now, or empty when it can be run. */
  public String problem() {
    return parsed.get() instanceof IllegalArgumentException invalid ? invalid.getMessage() : "";
  }

  /** The same, observable, for the view's hint line. */
  public ObjectBinding<String> problemProperty() {
    return Bindings.createObjectBinding(this::problem, parsed);
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** Progress of a run: "Pulling nginx:1.27…", "Starting the container…". */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Why the last run failed, in the engine's words where it was the engine. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** The id of the container the last run created; the dialog closes when it is set. */
  public ReadOnlyStringProperty createdIdProperty() {
    return createdId.getReadOnlyProperty();
  }

  /** Runs the container if the input is valid; otherwise only says what to fix. */
  public void run() {
    if (!(parsed.get() instanceof RunSpec spec)) {
      error.set(problem());
      return;
    }
    running.set(true);
    error.set("");
    status.set("Checking " + spec.image() + "…");
    background.run(
        () ->
            commands.run(throughTheVm(spec), step -> background.ui().post(() -> status.set(step))),
        id -> {
          running.set(false);
          status.set(
              "Started "
                  + (spec.name() == null
                      ? id.substring(0, Math.min(12, id.length()))
                      : spec.name()));
          createdId.set(id);
        },
        failure -> {
          running.set(false);
          status.set("");
          error.set(failure.getMessage());
        });
  }

  /**
   * The spec with each host folder as the VM's engine must be given it (a Windows path under WSL 2
   * becomes /mnt/c/…), or the reason a container in the VM would not see one: the VM's engine would
   * otherwise mount an empty folder of its own without a word. Reads the file system, so off the UI
   * thread.
   */
  private RunSpec throughTheVm(RunSpec spec) {
    var folders = vmFolders.get();
    if (folders.isEmpty()) return spec;
    var mounts = new ArrayList<RunSpec.MountSpec>();
    for (var mount : spec.mounts()) {
      if (!mount.bind()) {
        mounts.add(mount);
        continue;
      }
      var problem = folders.get().problem(mount.source(), Files::exists);
      if (problem.isPresent()) throw new IllegalArgumentException(problem.get());
      mounts.add(
          new RunSpec.MountSpec(
              folders.get().guestPath(mount.source()), mount.target(), mount.readOnly()));
    }
    return new RunSpec(
        spec.image(),
        spec.name(),
        spec.ports(),
        spec.environment(),
        mounts,
        spec.command(),
        spec.restart(),
        spec.runtime(),
        spec.autoRemove());
  }

  private Object parse() {
    try {
      return new RunSpec(
          RunSpec.parseImage(image.get()),
          RunSpec.parseName(name.get()),
          RunSpec.parsePorts(ports.get()),
          RunSpec.parseEnvironment(environment.get()),
          RunSpec.parseMounts(mounts.get()),
          RunSpec.parseCommand(command.get()),
          RunSpec.RestartPolicy.parse(restart.get()),
          runtime.get() == null || runtime.get().isBlank() ? null : runtime.get().strip(),
          autoRemove.get());
    } catch (IllegalArgumentException invalid) {
      return invalid;
    }
  }
}
