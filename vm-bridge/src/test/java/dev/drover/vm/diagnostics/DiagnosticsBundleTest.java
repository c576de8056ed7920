package dev.drover.vm.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.vm.DriverKind;
import dev.drover.vm.host.UserFolders;
import dev.drover.vm.instance.VmInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsBundleTest {

  private static final String PEM_BODY =
      "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7PEMBODY";

  @Test
  void everyKindOfSecretPlantedInTheBundlesFilesIsRemovedFromTheZip(@TempDir Path home)
      throws IOException {
    var folders = new UserFolders(home.resolve("config"), home.resolve("logs"), home);
    var instance =
        new VmInstance(
            "default", home.resolve("vm/instances/default"), home.resolve("vm/machines"));
    var machine = instance.machinesFolder().resolve(instance.name());
    Files.createDirectories(folders.configFolder());
    Files.createDirectories(folders.logsFolder());
    Files.createDirectories(instance.folder());
    Files.createDirectories(machine);
    Files.writeString(
        folders.settingsFile(),
        "{\"theme\": \"DARK\", \"proxyPassword\": \"jsonsecret1\","
            + " \"httpsProxy\": \"http://alice:urlsecret2@proxy.example:3128\"}");
    Files.writeString(
        folders.logsFolder().resolve("drover.log"),
        String.join(
            "\n",
            "INFO started",
            "password: yamlsecret3",
            "  token: yamlsecret4",
            "DB_PASSWORD=envsecret5",
            "GET /v2/ Authorization: Bearer bearersecret6",
            "curl -H 'Authorization: Basic basicsecret7' https://registry.example/v2/",
            "auth: authsecret8",
            "pulling from https://bob:urlsecret9@registry.example/v2/",
            "INFO done"));
    Files.writeString(
        instance.ownerLog(),
        "owner starting\n-----BEGIN RSA PRIVATE KEY-----\n"
            + PEM_BODY
            + "\n-----END RSA PRIVATE KEY-----\nowner ready, api_key=keysecret10\n");
    Files.writeString(
        machine.resolve("console.log"),
        "guest booted\n-----BEGIN PRIVATE KEY-----\n" + PEM_BODY + "\n(cut off)");

    new DiagnosticsBundle(folders, instance, DriverKind.QEMU).writeTo(home.resolve("out/diag.zip"));
    var entries = unzip(home.resolve("out/diag.zip"));

    var all = String.join("\n", entries.values());
    for (var secret :
        new String[] {
          "jsonsecret1",
          "urlsecret2",
          "yamlsecret3",
          "yamlsecret4",
          "envsecret5",
          "bearersecret6",
          "basicsecret7",
          "authsecret8",
          "urlsecret9",
          "keysecret10",
          PEM_BODY
        }) {
      assertThat(all).as("the zip keeps none of the planted secrets").doesNotContain(secret);
    }
    assertThat(entries)
        .containsKeys(
            "settings.json", "logs/drover.log", "vm/instance/owner.log", "vm/machine/console.log");
    assertThat(entries.get("settings.json"))
        .contains("\"theme\": \"DARK\"", "http://[removed]@proxy.example:3128");
    assertThat(entries.get("logs/drover.log"))
        .contains(
            "INFO started",
            "password: [removed]",
            "token: [removed]",
            "DB_PASSWORD=[removed]",
            "Authorization: [removed]",
            "https://[removed]@registry.example/v2/",
            "INFO done");
    assertThat(entries.get("vm/instance/owner.log"))
        .contains("owner starting", "PRIVATE KEY----- [removed]", "owner ready, api_key=[removed]");
    assertThat(entries.get("vm/machine/console.log")).contains("guest booted");
  }

  private static Map<String, String> unzip(Path zip) throws IOException {
    var entries = new HashMap<String, String>();
    try (var in = new ZipInputStream(Files.newInputStream(zip))) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }
}
