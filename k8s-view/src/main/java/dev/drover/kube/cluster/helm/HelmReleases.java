package dev.drover.kube.cluster.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.kube.cluster.ResourceRow;
import dev.drover.kube.cluster.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Helm 3 releases, as Helm stores them: one secret per revision, labelled {@code owner=helm}, whose
 * {@code release} value is the release as gzipped JSON, base64-encoded (and base64 again as secret
 * data). Read without Helm.
 */
public final class HelmReleases {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One revision of a release. */
  public record Release(
      String name,
      String namespace,
      int revision,
      String status,
      String chart,
      String chartVersion,
      String appVersion,
      Instant deployed,
      String description) {}

  /**
   * The Helm page's kind: every revision is a row; the newest revision of a release tells its
   * state.
   */
  public static final ResourceType TYPE =
      new ResourceType(
          "helmreleases",
          "Helm releases",
          "Helm",
          true,
          client -> client.resources(Secret.class),
          HelmReleases::row,
          Map.of("owner", "helm"));

  private HelmReleases() {}

  static ResourceRow row(HasMetadata object) {
    var secret = (Secret) object;
    var release = decode(secret);
    var tone =
        switch (release.status()) {
          case "deployed" -> ResourceRow.Tone.GOOD;
          case "superseded", "uninstalled" -> ResourceRow.Tone.NEUTRAL;
          case "failed" -> ResourceRow.Tone.BAD;
          default -> ResourceRow.Tone.WARNING;
        };
    return new ResourceRow(
        secret.getMetadata().getUid(),
        release.namespace(),
        release.name(),
        release.status(),
        tone,
        "rev " + release.revision(),
        -1,
        release.deployed(),
        release.chart()
            + "-"
            + release.chartVersion()
            + (release.appVersion() == null ? "" : "  app " + release.appVersion())
            + (release.description() == null ? "" : "  " + release.description()),
        List.of(),
        release.revision());
  }

  /** Decodes a release secret; falls back to its labels when the payload cannot be read. */
  public static Release decode(Secret secret) {
    var labels =
        secret.getMetadata().getLabels() == null
            ? Map.<String, String>of()
            : secret.getMetadata().getLabels();
    var payload = secret.getData() == null ? null : secret.getData().get("release");
    if (payload != null) {
      try {
        var node =
            JSON.readTree(unwrap(Base64.getDecoder().decode(Base64.getDecoder().decode(payload))));
        var chart = node.path("chart").path("metadata");
        var info = node.path("info");
        return new Release(
            node.path("name").asText(labels.get("name")),
            node.path("namespace").asText(secret.getMetadata().getNamespace()),
            node.path("version").asInt(parseInt(labels.get("version"))),
            info.path("status").asText(labels.getOrDefault("status", "unknown")),
            chart.path("name").asText("?"),
            chart.path("version").asText("?"),
            text(chart.path("appVersion")),
            instant(text(info.path("last_deployed"))),
            text(info.path("description")));
      } catch (IOException | IllegalArgumentException e) {
        // Fall through to what the labels say.
      }
    }
    return new Release(
        labels.getOrDefault("name", secret.getMetadata().getName()),
        secret.getMetadata().getNamespace(),
        parseInt(labels.get("version")),
        labels.getOrDefault("status", "unknown"),
        "?",
        "?",
        null,
        null,
        "release payload unreadable");
  }

  /** Helm gzips the JSON; very old releases may not be. */
  private static InputStream unwrap(byte[] bytes) throws IOException {
    if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(new ByteArrayInputStream(bytes));
    }
    return new ByteArrayInputStream(bytes);
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() || node.asText().isEmpty() ? null : node.asText();
  }

  private static Instant instant(String text) {
    if (text == null) return null;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static int parseInt(String text) {
    try {
      return text == null ? 0 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
