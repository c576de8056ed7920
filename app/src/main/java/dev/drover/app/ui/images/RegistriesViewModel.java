package dev.drover.app.ui.images;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.engine.EngineException;
import dev.drover.engine.registries.RegistryCredentials;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Registry logins: the registries with a saved login, a login form (verified by the engine before
 * anything is saved) and logout. File and helper I/O runs on {@link Background}; every property
 * changes on the UI thread.
 */
public final class RegistriesViewModel {

  private final RegistryCredentials credentials;
  private final Background background;

  private final ReadOnlyListWrapper<String> registries =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final StringProperty registry = new SimpleStringProperty(this, "registry", "");
  private final StringProperty username = new SimpleStringProperty(this, "username", "");
  private final StringProperty password = new SimpleStringProperty(this, "password", "");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);

  public RegistriesViewModel(RegistryCredentials credentials, Background background) {
    this.credentials = credentials;
    this.background = background;
  }

  public ReadOnlyListProperty<String> registriesProperty() {
    return registries.getReadOnlyProperty();
  }

  /** The registry to log in to: host[:port]; empty means Docker Hub. */
  public StringProperty registryProperty() {
    return registry;
  }

  public StringProperty usernameProperty() {
    return username;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  /** True while a login, logout or listing is running: the form's buttons wait. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Reads the saved logins again. */
  public void refresh() {
    run(credentials::registries, list -> {}, null);
  }

  /**
   * Logs in with the form's values; on success the password field is cleared and the list re-read.
   */
  public void login() {
    var server = registry.get() == null ? "" : registry.get().strip();
    var user = username.get() == null ? "" : username.get().strip();
    var secret = password.get() == null ? "" : password.get();
    if (user.isEmpty() || secret.isEmpty()) {
      error.set("Enter a user name and a password (or access token).");
      notice.set("");
      return;
    }
    var key = RegistryCredentials.registryKey(server);
    run(
        () -> {
          credentials.login(server, user, secret);
          return credentials.registries();
        },
        list -> {
          password.set("");
          notice.set("Logged in to " + displayName(key) + " as " + user + ".");
        },
        "Logging in to " + displayName(key));
  }

  /** Logs out of {@code selected}. */
  public void logout(String selected) {
    if (selected == null || selected.isBlank()) return;
    run(
        () -> {
          credentials.logout(selected);
          return credentials.registries();
        },
        list -> notice.set("Logged out of " + displayName(selected) + "."),
        "Logging out of " + displayName(selected));
  }

  /** Docker Hub by name rather than by its index URL. */
  public static String displayName(String registryKey) {
    return RegistryCredentials.DOCKER_HUB.equals(registryKey)
        ? "Docker Hub (" + registryKey + ")"
        : registryKey;
  }

  private void run(Callable<List<String>> work, Consumer<List<String>> then, String action) {
    busy.set(true);
    error.set("");
    if (action != null) notice.set("");
    background.run(
        work,
        list -> {
          busy.set(false);
          registries.setAll(list);
          then.accept(list);
        },
        failure -> {
          busy.set(false);
          notice.set("");
          error.set(message(action, failure));
        });
  }

  private static String message(String action, Exception failure) {
    if (failure instanceof EngineException engine) return engine.getMessage();
    var what = action == null ? "Reading the registry logins" : action;
    return what
        + " failed: "
        + (failure.getMessage() == null
            ? failure.getClass().getSimpleName()
            : failure.getMessage());
  }
}
