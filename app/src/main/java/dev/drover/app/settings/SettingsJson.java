package dev.drover.app.settings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.core.settings.SettingsFile;
import dev.drover.kube.k3s.K3sVersion;
import dev.drover.vm.SharedFolder;
import dev.drover.vm.VmConfig;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.network.ProxySettings;
import dev.drover.vm.network.VmNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link Settings} with Jackson's streaming parser. Settings are read before the
 * first window appears, and the streaming layer loads in a fraction of the time of an ObjectMapper.
 *
 * <p>A value of the wrong type or out of range falls back to that field's default and is listed
 * with the reason (for the window) and logged, so one bad value never costs the user the rest of
 * their settings; unknown fields are skipped for forward compatibility. Only a file that is not a
 * JSON object at all is damaged.
 */
final class SettingsJson {

  private static final JsonFactory JSON = new JsonFactory();

  private SettingsJson() {}

  /**
   * The settings a file holds, and the values in it that could not be used (each replaced by its
   * default).
   */
  record Read(Settings settings, List<InvalidSetting> invalid) {
    Read {
      invalid = List.copyOf(invalid);
    }
  }

  /** The settings in {@code bytes}, or null when the file holds a bare JSON null. */
  static Read read(byte[] bytes) throws IOException {
    var invalid = new ArrayList<InvalidSetting>();
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
      if (first != JsonToken.START_OBJECT)
        throw new JsonParseException(json, "it does not contain a JSON object");
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        var field = json.currentName();
        var value = json.nextToken();
        if (value == JsonToken.VALUE_NULL && !field.equals("engineHost")) {
          // null stands for "the default", as a missing field does
          continue;
        }
        switch (field) {
          case "theme" ->
              theme =
                  value == JsonToken.VALUE_STRING
                      ? ThemeChoice.parse(json.getText())
                          .orElseGet(
                              () ->
                                  ignored(
                                      invalid,
                                      field,
                                      json,
                                      defaults.theme(),
                                      "not one of " + Arrays.toString(ThemeChoice.values())))
                      : ignored(invalid, field, json, defaults.theme(), "not text");
          case "logBufferLines" ->
              logBufferLines =
                  value != JsonToken.VALUE_NUMBER_INT
                      ? ignored(
                          invalid, field, json, defaults.logBufferLines(), "not a whole number")
                      : json.getNumberType() != JsonParser.NumberType.INT
                          ? ignored(invalid, field, json, defaults.logBufferLines(), "too large")
                          : json.getIntValue() <= 0
                              ? ignored(
                                  invalid,
                                  field,
                                  json,
                                  defaults.logBufferLines(),
                                  "not a positive number")
                              : json.getIntValue();
          case "engineHost" -> {
            var problem =
                value == JsonToken.VALUE_STRING ? EngineAddress.problem(json.getText()) : null;
            engineHost =
                value == JsonToken.VALUE_NULL
                    ? defaults.engineHost()
                    : problem == null
                        ? ignored(invalid, field, json, defaults.engineHost(), "not text")
                        : problem.isPresent()
                            ? ignored(invalid, field, json, defaults.engineHost(), problem.get())
                            : json.getText();
          }
          case SettingsFile.KUBERNETES ->
              kubernetes =
                  value == JsonToken.START_OBJECT
                      ? readKubernetes(json, invalid)
                      : ignored(invalid, field, json, defaults.kubernetes(), "not an object");
          case "closeToTray" ->
              closeToTray = flag(invalid, field, json, value, defaults.closeToTray());
          case "startAtLogin" ->
              startAtLogin = flag(invalid, field, json, value, defaults.startAtLogin());
          case SettingsFile.VM ->
              vm =
                  value == JsonToken.START_OBJECT
                      ? readVm(json, invalid)
                      : ignored(invalid, field, json, defaults.vm(), "not an object");
          default -> json.skipChildren();
        }
      }
      if (json.currentToken() != JsonToken.END_OBJECT)
        throw new JsonParseException(json, "the settings object is cut short");
      // "{...} junk" is a damaged file, not a valid one with noise to skip.
      if (json.nextToken() != null)
        throw new JsonParseException(json, "unexpected content after the settings");
    }
    return new Read(
        new Settings(theme, logBufferLines, engineHost, closeToTray, startAtLogin, kubernetes, vm),
        invalid);
  }

  // Added after the first release: files without it load with Kubernetes at its defaults.
  private static KubernetesSettings readKubernetes(JsonParser json, List<InvalidSetting> invalid)
      throws IOException {
    var defaults = KubernetesSettings.defaults();
    var enabled = defaults.enabled();
    var version = defaults.k3sVersion();
    var traefik = defaults.traefik();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      var name = json.currentName();
      var field = "kubernetes." + name;
      var value = json.nextToken();
      switch (name) {
        case "enabled" -> enabled = flag(invalid, field, json, value, defaults.enabled());
        case "traefik" -> traefik = flag(invalid, field, json, value, defaults.traefik());
        case "k3sVersion" ->
            version =
                value == JsonToken.VALUE_NULL
                    ? null
                    : value == JsonToken.VALUE_STRING
                            && K3sVersion.parse(json.getText()).isPresent()
                        ? json.getText()
                        : ignored(
                            invalid,
                            field,
                            json,
                            defaults.k3sVersion(),
                            "not a k3s version such as v1.31.2+k3s1");
        default -> json.skipChildren();
      }
    }
    if (json.currentToken() != JsonToken.END_OBJECT)
      throw new JsonParseException(json, "the kubernetes settings are cut short");
    return new KubernetesSettings(enabled, version, traefik);
  }

  /**
   * The VM's fields as {@link VmSettings#fromJson} reads them; each one it cannot use is listed
   * with the reason VmSettings itself gives for refusing it, so the ranges are stated in one place.
   */
  private static VmSettings readVm(JsonParser json, List<InvalidSetting> invalid)
      throws IOException {
    JsonNode node = new ObjectMapper().readTree(json);
    var defaults = VmSettings.defaults();
    var used = VmSettings.fromJson(node);
    checkVm(
        invalid,
        node,
        "driver",
        used.driver().word(),
        field -> VmSettings.driverRefusal(node).orElse(null));
    checkVm(
        invalid,
        node,
        "cpus",
        used.cpus(),
        field ->
            field.isInt() ? refusal(() -> defaults.withCpus(field.asInt())) : "not a whole number");
    checkVm(
        invalid,
        node,
        "memoryMib",
        used.memoryMib(),
        field ->
            field.isInt()
                ? refusal(() -> defaults.withMemoryMib(field.asInt()))
                : "not a whole number");
    checkVm(
        invalid,
        node,
        "diskGib",
        used.diskGib(),
        field ->
            field.isInt()
                ? refusal(() -> defaults.withDiskGib(field.asInt()))
                : "not a whole number");
    var engines =
        Arrays.stream(VmConfig.Engine.values())
            .map(engine -> engine.name().toLowerCase(Locale.ROOT))
            .toList();
    checkVm(
        invalid,
        node,
        "engine",
        used.engine().name().toLowerCase(Locale.ROOT),
        field ->
            field.isTextual() && engines.contains(field.asText().toLowerCase(Locale.ROOT))
                ? null
                : "not one of " + engines);
    var network = node == null ? null : node.get("network");
    if (network != null && network.isObject()) {
      for (var name : List.of("httpProxy", "httpsProxy", "noProxy")) {
        var reason = VmNetwork.refusal(network, name);
        if (!reason.isEmpty()) {
          // a proxy address may hold a password: the warning and the notice show it without
          report(
              invalid,
              "vm.network." + name,
              ProxySettings.redact(network.get(name).toString()),
              reason,
              "this computer's " + name.replace("Proxy", "_PROXY").toUpperCase(Locale.ROOT));
        }
      }
    }
    var folders = node == null ? null : node.get("sharedFolders");
    if (folders != null && !folders.isNull() && !folders.isArray()) {
      report(invalid, "vm.sharedFolders", folders.toString(), "not a list", "the home folder");
    } else if (folders != null && folders.isArray()) {
      for (int i = 0; i < folders.size(); i++) {
        var entry = folders.get(i);
        var reason =
            entry.path("path").isTextual()
                ? refusal(() -> new SharedFolder(Path.of(entry.get("path").asText()), false))
                : "not an object with a \"path\"";
        if (reason != null)
          report(
              invalid,
              "vm.sharedFolders[" + i + "]",
              entry.toString(),
              reason,
              "the other folders");
      }
    }
    return used;
  }

  private static void checkVm(
      List<InvalidSetting> invalid,
      JsonNode vm,
      String name,
      Object used,
      Function<JsonNode, String> refusal) {
    var field = vm.get(name);
    if (field == null || field.isNull()) return;
    var reason = refusal.apply(field);
    if (reason != null) report(invalid, "vm." + name, field.toString(), reason, used);
  }

  /** The message VmSettings refuses a value with, or null when it takes it. */
  private static String refusal(Runnable build) {
    try {
      build.run();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
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
      json.writeFieldName(SettingsFile.VM);
      settings.vm().writeJson(json);
      json.writeObjectFieldStart(SettingsFile.KUBERNETES);
      json.writeBooleanField("enabled", settings.kubernetes().enabled());
      json.writeStringField("k3sVersion", settings.kubernetes().k3sVersion());
      json.writeBooleanField("traefik", settings.kubernetes().traefik());
      json.writeEndObject();
      json.writeEndObject();
    }
    bytes.write(System.lineSeparator().getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }

  private static boolean flag(
      List<InvalidSetting> invalid,
      String field,
      JsonParser json,
      JsonToken value,
      boolean fallback) {
    if (value == JsonToken.VALUE_TRUE) return true;
    if (value == JsonToken.VALUE_FALSE) return false;
    return value == JsonToken.VALUE_NULL
        ? fallback
        : ignored(invalid, field, json, fallback, "not true or false");
  }

  private static <T> T ignored(
      List<InvalidSetting> invalid, String field, JsonParser json, T fallback, String reason) {
    String shown;
    try {
      var token = json.currentToken();
      shown =
          token == JsonToken.VALUE_STRING
              ? '"' + json.getText() + '"'
              : token.isScalarValue()
                  ? json.getText()
                  : token == JsonToken.START_ARRAY ? "[…]" : "{…}";
      json.skipChildren();
    } catch (IOException e) {
      shown = "?";
    }
    report(invalid, field, shown, reason, fallback);
    return fallback;
  }

  private static void report(
      List<InvalidSetting> invalid, String field, String shown, String reason, Object fallback) {
    var usedInstead =
        fallback == null
            ? "the default"
            : fallback instanceof Record ? "the defaults" : fallback.toString();
    LoggerFactory.getLogger(Settings.class)
        .warn(
            "Ignoring invalid {} {} in settings ({}); using {}", field, shown, reason, usedInstead);
    invalid.add(new InvalidSetting(field, shown, reason, usedInstead));
  }
}
