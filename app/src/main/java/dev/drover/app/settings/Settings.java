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
 * @param engineHost Docker engine address such as {@code unix:///var/run/docker.sock}, or
 *     {@code null} to resolve it the way the Docker CLI does ({@code DOCKER_HOST}, context, default
 *     socket); blank is normalised to {@code null} so there is a single "not set" representation
 * @param vm the VM's driver, CPUs, memory, disk and engine; {@code null} means the defaults
 */
public record Settings(ThemeChoice theme, int logBufferLines, String engineHost, VmSettings vm) {

    public static final int DEFAULT_LOG_BUFFER_LINES = 100_000;

    private static final Settings DEFAULTS =
            new Settings(ThemeChoice.SYSTEM, DEFAULT_LOG_BUFFER_LINES, null, VmSettings.defaults());

    public Settings {
        Objects.requireNonNull(theme, "theme");
        if (vm == null) vm = VmSettings.defaults();
        if (logBufferLines <= 0) {
            throw new IllegalArgumentException(
                    "logBufferLines must be positive, was " + logBufferLines);
        }
        if (engineHost != null && engineHost.isBlank()) {
            engineHost = null;
        } else if (engineHost != null) {
            engineHost = engineHost.strip();
        }
    }

    public Settings(ThemeChoice theme, int logBufferLines, String engineHost) {
        this(theme, logBufferLines, engineHost, VmSettings.defaults());
    }

    public static Settings defaults() {
        return DEFAULTS;
    }

    public Settings withTheme(ThemeChoice newTheme) {
        return new Settings(newTheme, logBufferLines, engineHost, vm);
    }

    public Settings withLogBufferLines(int newLogBufferLines) {
        return new Settings(theme, newLogBufferLines, engineHost, vm);
    }

    public Settings withEngineHost(String newEngineHost) {
        return new Settings(theme, logBufferLines, newEngineHost, vm);
    }

    public Settings withVm(VmSettings newVm) {
        return new Settings(theme, logBufferLines, engineHost, newVm);
    }

    /** The explicit engine address, or empty when the Docker CLI's resolution rules should apply. */
    public Optional<String> engineHostOverride() {
        return Optional.ofNullable(engineHost);
    }
}
