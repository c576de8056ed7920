package dev.drover.app.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(ThemeChoice theme, int logBufferLines, String engineHost) {

    public static final int DEFAULT_LOG_BUFFER_LINES = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    private static final Settings DEFAULTS =
            new Settings(ThemeChoice.SYSTEM, DEFAULT_LOG_BUFFER_LINES, null);

    public Settings {
        Objects.requireNonNull(theme, "theme");
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

    public static Settings defaults() {
        return DEFAULTS;
    }

    public Settings withTheme(ThemeChoice newTheme) {
        return new Settings(newTheme, logBufferLines, engineHost);
    }

    public Settings withLogBufferLines(int newLogBufferLines) {
        return new Settings(theme, newLogBufferLines, engineHost);
    }

    public Settings withEngineHost(String newEngineHost) {
        return new Settings(theme, logBufferLines, newEngineHost);
    }

    /** The explicit engine address, or empty when the Docker CLI's resolution rules should apply. */
    public Optional<String> engineHostOverride() {
        return Optional.ofNullable(engineHost);
    }

    /*
     * Parameters are raw JsonNodes, not the field types, so that a wrong type or an unknown enum
     * name reaches us as data we can replace with the default instead of as an exception that
     * would make the whole file unreadable.
     */
    @JsonCreator
    private static Settings fromJson(
            @JsonProperty("theme") JsonNode theme,
            @JsonProperty("logBufferLines") JsonNode logBufferLines,
            @JsonProperty("engineHost") JsonNode engineHost) {
        return new Settings(
                themeFrom(theme), logBufferLinesFrom(logBufferLines), engineHostFrom(engineHost));
    }

    private static ThemeChoice themeFrom(JsonNode node) {
        if (isAbsent(node)) {
            return DEFAULTS.theme();
        }
        Optional<ThemeChoice> parsed =
                node.isTextual() ? ThemeChoice.parse(node.textValue()) : Optional.empty();
        if (parsed.isEmpty()) {
            LOG.warn("Ignoring unsupported theme {} in settings; using {}", node, DEFAULTS.theme());
        }
        return parsed.orElse(DEFAULTS.theme());
    }

    private static int logBufferLinesFrom(JsonNode node) {
        if (isAbsent(node)) {
            return DEFAULTS.logBufferLines();
        }
        if (node.isIntegralNumber() && node.canConvertToInt() && node.intValue() > 0) {
            return node.intValue();
        }
        LOG.warn(
                "Ignoring invalid logBufferLines {} in settings (must be a positive whole number);"
                        + " using {}",
                node,
                DEFAULTS.logBufferLines());
        return DEFAULTS.logBufferLines();
    }

    private static String engineHostFrom(JsonNode node) {
        if (isAbsent(node)) {
            return DEFAULTS.engineHost();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        LOG.warn("Ignoring non-text engineHost {} in settings; resolving it like the Docker CLI", node);
        return DEFAULTS.engineHost();
    }

    // Jackson hands a creator null for a missing property and NullNode for an explicit null.
    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}
