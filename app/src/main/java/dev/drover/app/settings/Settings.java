package dev.drover.app.settings;

import dev.drover.vm.host.VmSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's persisted preferences.
 *
 * <p>Unknown JSON properties are ignored so that a settings file written by a newer Drover still
 * loads in an older one. Missing or invalid properties take their default individually: a typo in
 * one field must not reset everything else the user chose.
 *
 * @param theme light, dark or follow the OS
 * @param logBufferLines how many lines the logs view keeps per container; always positive
 * @param engineHost Docker engine address such as {@code unix:///var/run/docker.sock}, or {@code
 *     null} to resolve it the way the Docker CLI does ({@code DOCKER_HOST}, context, default
 *     socket); blank is normalised to {@code null} so there is a single "not set" representation
 * @param closeToTray closing the window keeps Drover running in the tray (where the desktop has
 *     one)
 * @param startAtLogin Drover starts when the user logs in
 * @param kubernetes the local k3s cluster's settings
 * @param vm the Drover VM's driver and size
 */
public record Settings(
    ThemeChoice theme,
    int logBufferLines,
    String engineHost,
    boolean closeToTray,
    boolean startAtLogin,
    KubernetesSettings kubernetes,
    VmSettings vm) {

  public static final int DEFAULT_LOG_BUFFER_LINES = 100_000;

  private static final Settings DEFAULTS =
      new Settings(
          ThemeChoice.SYSTEM,
          DEFAULT_LOG_BUFFER_LINES,
          null,
          true,
          false,
          KubernetesSettings.defaults(),
          VmSettings.defaults());

  public Settings {
    Objects.requireNonNull(theme, "theme");
    Objects.requireNonNull(kubernetes, "kubernetes");
    if (vm == null) vm = VmSettings.defaults();
    if (logBufferLines <= 0) {
      throw new IllegalArgumentException("logBufferLines must be positive, was " + logBufferLines);
    }
    if (engineHost != null && engineHost.isBlank()) {
      engineHost = null;
    } else if (engineHost != null) {
      engineHost = engineHost.strip();
    }
  }

  /** Settings with the window, login and Kubernetes preferences at their defaults. */
  public Settings(ThemeChoice theme, int logBufferLines, String engineHost) {
    this(
        theme,
        logBufferLines,
        engineHost,
        true,
        false,
        KubernetesSettings.defaults(),
        VmSettings.defaults());
  }

  public static Settings defaults() {
    return DEFAULTS;
  }

  public Settings withTheme(ThemeChoice newTheme) {
    return new Settings(
        newTheme, logBufferLines, engineHost, closeToTray, startAtLogin, kubernetes, vm);
  }

  public Settings withLogBufferLines(int newLogBufferLines) {
    return new Settings(
        theme, newLogBufferLines, engineHost, closeToTray, startAtLogin, kubernetes, vm);
  }

  public Settings withEngineHost(String newEngineHost) {
    return new Settings(
        theme, logBufferLines, newEngineHost, closeToTray, startAtLogin, kubernetes, vm);
  }

  public Settings withCloseToTray(boolean newCloseToTray) {
    return new Settings(
        theme, logBufferLines, engineHost, newCloseToTray, startAtLogin, kubernetes, vm);
  }

  public Settings withStartAtLogin(boolean newStartAtLogin) {
    return new Settings(
        theme, logBufferLines, engineHost, closeToTray, newStartAtLogin, kubernetes, vm);
  }

  public Settings withKubernetes(KubernetesSettings newKubernetes) {
    return new Settings(
        theme, logBufferLines, engineHost, closeToTray, startAtLogin, newKubernetes, vm);
  }

  public Settings withVm(VmSettings newVm) {
    return new Settings(
        theme, logBufferLines, engineHost, closeToTray, startAtLogin, kubernetes, newVm);
  }

  /** The explicit engine address, or empty when the Docker CLI's resolution rules should apply. */
  public Optional<String> engineHostOverride() {
    return Optional.ofNullable(engineHost);
  }
}
