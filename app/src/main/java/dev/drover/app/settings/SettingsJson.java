package dev.drover.app.settings;

import dev.drover.vm.host.VmSettings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads and writes {@link Settings} with Jackson's streaming parser. Settings are read before the first window
 * appears, and the streaming layer loads in a fraction of the time of an ObjectMapper.
 *
 * <p>A value of the wrong type or out of range falls back to that field's default and is logged, so one bad
 * value never costs the user the rest of their settings; unknown fields are skipped for forward compatibility.
 * Only a file that is not a JSON object at all is damaged.
 */
final class SettingsJson {

    private static final JsonFactory JSON = new JsonFactory();

    private SettingsJson() {
    }

    /** The settings in {@code bytes}, or null when the file holds a bare JSON null. */
    static Settings read(byte[] bytes) throws IOException {
        var defaults = Settings.defaults();
        var theme = defaults.theme();
        var logBufferLines = defaults.logBufferLines();
        var engineHost = defaults.engineHost();
        var kubernetes = defaults.kubernetes();
        var closeToTray = defaults.closeToTray();
        var startAtLogin = defaults.startAtLogin();
        var vm = defaults.vm();
        try (JsonParser json = JSON.createParser(bytes)) {
            var first = json.nextToken();
            if (first == JsonToken.VALUE_NULL) return null;
            if (first != JsonToken.START_OBJECT) throw new JsonParseException(json, "it does not contain a JSON object");
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                var field = json.currentName();
                var value = json.nextToken();
                switch (field) {
                    case "theme" -> theme = value == JsonToken.VALUE_STRING
                            ? ThemeChoice.parse(json.getText()).orElseGet(() -> ignored(field, json, defaults.theme()))
                            : value == JsonToken.VALUE_NULL ? defaults.theme() : ignored(field, json, defaults.theme());
                    case "logBufferLines" -> logBufferLines = value == JsonToken.VALUE_NUMBER_INT
                            && json.getNumberType() == JsonParser.NumberType.INT && json.getIntValue() > 0
                            ? json.getIntValue()
                            : value == JsonToken.VALUE_NULL ? defaults.logBufferLines()
                            : ignored(field, json, defaults.logBufferLines());
                    case "engineHost" -> engineHost = value == JsonToken.VALUE_STRING ? json.getText()
                            : value == JsonToken.VALUE_NULL ? defaults.engineHost()
                            : ignored(field, json, defaults.engineHost());
                    case "kubernetes" -> kubernetes = value == JsonToken.START_OBJECT ? readKubernetes(json)
                            : value == JsonToken.VALUE_NULL ? defaults.kubernetes()
                            : ignored(field, json, defaults.kubernetes());
                    case "closeToTray" -> closeToTray = flag(field, json, value, defaults.closeToTray());
                    case "startAtLogin" -> startAtLogin = flag(field, json, value, defaults.startAtLogin());
                    case "vm" -> vm = value == JsonToken.START_OBJECT
                            ? VmSettings.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json))
                            : value == JsonToken.VALUE_NULL ? defaults.vm() : ignored(field, json, defaults.vm());
                    default -> json.skipChildren();
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT) throw new JsonParseException(json, "the settings object is cut short");
            // "{...} junk" is a damaged file, not a valid one with noise to skip.
            if (json.nextToken() != null) throw new JsonParseException(json, "unexpected content after the settings");
        }
        return new Settings(theme, logBufferLines, engineHost, closeToTray, startAtLogin, kubernetes, vm);
    }

    // Added after the first release: files without it load with Kubernetes at its defaults.
    private static KubernetesSettings readKubernetes(JsonParser json) throws IOException {
        var defaults = KubernetesSettings.defaults();
        var enabled = defaults.enabled();
        var version = defaults.k3sVersion();
        var traefik = defaults.traefik();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            var name = json.currentName();
            var field = "kubernetes." + name;
            var value = json.nextToken();
            switch (name) {
                case "enabled" -> enabled = value.isBoolean() ? value == JsonToken.VALUE_TRUE
                        : ignored(field, json, defaults.enabled());
                case "traefik" -> traefik = value.isBoolean() ? value == JsonToken.VALUE_TRUE
                        : ignored(field, json, defaults.traefik());
                case "k3sVersion" -> version = value == JsonToken.VALUE_NULL ? null
                        : value == JsonToken.VALUE_STRING && dev.drover.kube.k3s.K3sVersion.parse(json.getText()).isPresent()
                        ? json.getText() : ignored(field, json, defaults.k3sVersion());
                default -> json.skipChildren();
            }
        }
        if (json.currentToken() != JsonToken.END_OBJECT) throw new JsonParseException(json, "the kubernetes settings are cut short");
        return new KubernetesSettings(enabled, version, traefik);
    }

    static byte[] write(Settings settings) throws IOException {
        var bytes = new ByteArrayOutputStream(256);
        try (var json = JSON.createGenerator(bytes)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("theme", settings.theme().name());
            json.writeNumberField("logBufferLines", settings.logBufferLines());
            json.writeStringField("engineHost", settings.engineHost());
            json.writeBooleanField("closeToTray", settings.closeToTray());
            json.writeBooleanField("startAtLogin", settings.startAtLogin());
            json.writeFieldName("vm");
            settings.vm().writeJson(json);
            json.writeObjectFieldStart("kubernetes");
            json.writeBooleanField("enabled", settings.kubernetes().enabled());
            json.writeStringField("k3sVersion", settings.kubernetes().k3sVersion());
            json.writeBooleanField("traefik", settings.kubernetes().traefik());
            json.writeEndObject();
            json.writeEndObject();
        }
        bytes.write(System.lineSeparator().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static boolean flag(String field, JsonParser json, JsonToken value, boolean fallback) {
        if (value == JsonToken.VALUE_TRUE) return true;
        if (value == JsonToken.VALUE_FALSE) return false;
        return value == JsonToken.VALUE_NULL ? fallback : ignored(field, json, fallback);
    }

    private static <T> T ignored(String field, JsonParser json, T fallback) {
        String shown;
        try {
            shown = json.currentToken().isScalarValue() ? json.getText() : json.currentToken().asString();
            json.skipChildren();
        } catch (IOException e) {
            shown = "?";
        }
        LoggerFactory.getLogger(Settings.class)
                .warn("Ignoring invalid {} {} in settings; using {}", field, shown, Optional.ofNullable(fallback).orElse(null));
        return fallback;
    }
}
