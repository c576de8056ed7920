package dev.drover.app.ui.kubernetes;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.kube.cluster.ClusterConnection;
import dev.drover.kube.cluster.ResourceType;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One object's YAML, editable: read from the cluster, applied back with the server's refusal shown
 * beside the text (which is kept as the user left it). A secret's values are masked until {@link
 * #revealSecretValues()}.
 */
public final class YamlViewModel {

  private final Background background;
  private final ClusterConnection connection;
  private final ResourceType type;
  private final String namespace;
  private final String name;
  private final StringProperty text = new SimpleStringProperty(this, "text", "");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper secretValues =
      new ReadOnlyStringWrapper(this, "secretValues", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);

  public YamlViewModel(
      Background background,
      ClusterConnection connection,
      ResourceType type,
      String namespace,
      String name) {
    this.background = background;
    this.connection = connection;
    this.type = type;
    this.namespace = namespace;
    this.name = name;
  }

  public String title() {
    return type.title() + " " + (namespace == null ? name : namespace + "/" + name);
  }

  public boolean isSecret() {
    return type.secrets();
  }

  public StringProperty textProperty() {
    return text;
  }

  /** The cluster's words when reading or applying failed, field by field; empty otherwise. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** A secret's decoded values, once asked for: "key: value" lines. */
  public ReadOnlyStringProperty secretValuesProperty() {
    return secretValues.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Reads the object's YAML. */
  public void load() {
    busy.set(true);
    status.set("Reading…");
    background.run(
        () -> connection.yaml(type, namespace, name),
        yaml -> {
          busy.set(false);
          text.set(yaml);
          error.set("");
          status.set("");
        },
        failure -> {
          busy.set(false);
          status.set("");
          error.set(failure.getMessage());
        });
  }

  /** Sends the edited YAML; on refusal the text stays as it is, with the reason beside it. */
  public void apply() {
    var yaml = text.get();
    if (isSecret() && yaml.contains("<hidden>")) {
      error.set(
          "The secret's values are masked as <hidden>. Replace each with its base64 value, or remove the data you do not change, before applying.");
      return;
    }
    busy.set(true);
    status.set("Applying…");
    error.set("");
    background.run(
        () -> connection.apply(yaml),
        applied -> {
          busy.set(false);
          status.set(
              "Applied; the cluster now has version "
                  + applied.getMetadata().getResourceVersion()
                  + ".");
        },
        failure -> {
          busy.set(false);
          status.set("");
          error.set(failure.getMessage());
        });
  }

  /** Reads and shows a secret's values: the user asked to see them. */
  public void revealSecretValues() {
    if (!isSecret()) return;
    background.run(
        () -> connection.secretValues(namespace, name),
        values -> secretValues.set(describe(values)),
        failure -> error.set(failure.getMessage()));
  }

  private static String describe(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining("\n"));
  }
}
