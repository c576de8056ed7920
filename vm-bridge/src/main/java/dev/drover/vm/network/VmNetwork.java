package dev.drover.vm.network;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.vm.VmException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user's network settings for the VM ({@code "network"} in the VM's settings): a proxy, whether
 * to trust this computer's CA certificates, and CA certificate files. Read at every VM start, so
 * changes apply at the next one.
 *
 * @param proxy the proxy; each empty field takes this computer's environment variable
 * @param hostCertificates whether the guest also trusts this computer's system CA certificates (for
 *     a TLS-inspecting company proxy)
 * @param certificateFiles PEM (or DER) files of extra CA certificates the user picked
 */
public record VmNetwork(
    ProxySettings proxy, boolean hostCertificates, List<Path> certificateFiles) {

  public static final VmNetwork NONE = new VmNetwork(ProxySettings.NONE, false, List.of());

  public VmNetwork {
    if (proxy == null) proxy = ProxySettings.NONE;
    certificateFiles = List.copyOf(certificateFiles);
  }

  /**
   * What the guest gets: the proxy (this computer's environment where the settings leave a field
   * empty) as the guest reaches it, and the certificates as one PEM text. A file that holds no
   * certificate fails with a message naming it; the settings stay as they are.
   */
  public GuestNetwork forGuest(Map<String, String> environment, HostTrustStore host)
      throws VmException {
    return forGuest(environment, host, ProxySettings.HOST_FROM_GUEST);
  }

  /** The same for a guest that reaches this computer at {@code hostAddress}. */
  public GuestNetwork forGuest(
      Map<String, String> environment, HostTrustStore host, String hostAddress) throws VmException {
    var pem = new StringBuilder();
    if (hostCertificates) pem.append(host.pem());
    for (var file : certificateFiles) pem.append(CaCertificates.readFile(file));
    return new GuestNetwork(
        proxy.orElse(ProxySettings.fromEnvironment(environment)).forGuest(hostAddress),
        pem.toString());
  }

  public VmNetwork withProxy(ProxySettings value) {
    return new VmNetwork(value, hostCertificates, certificateFiles);
  }

  public VmNetwork withHostCertificates(boolean value) {
    return new VmNetwork(proxy, value, certificateFiles);
  }

  public VmNetwork withCertificateFiles(List<Path> value) {
    return new VmNetwork(proxy, hostCertificates, value);
  }

  /**
   * The settings in a {@code "network"} JSON object. A proxy field that is not a proxy address is
   * left empty (this computer's environment then applies) and the others are kept.
   */
  public static VmNetwork fromJson(JsonNode network) {
    if (network == null || !network.isObject()) return NONE;
    var proxy =
        new ProxySettings(
            proxyField(network, "httpProxy"),
            proxyField(network, "httpsProxy"),
            proxyField(network, "noProxy"));
    var files = new ArrayList<Path>();
    for (var file : network.path("certificateFiles")) {
      if (file.isTextual() && !file.asText().isBlank()) {
        try {
          files.add(Path.of(file.asText()));
        } catch (InvalidPathException ignored) {
          // a path from another system: left out
        }
      }
    }
    return new VmNetwork(proxy, network.path("hostCertificates").asBoolean(false), files);
  }

  /** Whether the JSON field is one {@link #fromJson} keeps; the reason it drops it otherwise. */
  public static String refusal(JsonNode network, String field) {
    var value = network.path(field);
    if (value.isMissingNode() || value.isNull()) return "";
    if (!value.isTextual()) return "not text";
    try {
      switch (field) {
        case "httpProxy" -> new ProxySettings(value.asText(), "", "");
        case "httpsProxy" -> new ProxySettings("", value.asText(), "");
        default -> new ProxySettings("", "", value.asText());
      }
      return "";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String proxyField(JsonNode network, String field) {
    return refusal(network, field).isEmpty() && network.path(field).isTextual()
        ? network.get(field).asText()
        : "";
  }

  public void writeJson(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("httpProxy", proxy.httpProxy());
    json.writeStringField("httpsProxy", proxy.httpsProxy());
    json.writeStringField("noProxy", proxy.noProxy());
    json.writeBooleanField("hostCertificates", hostCertificates);
    json.writeArrayFieldStart("certificateFiles");
    for (var file : certificateFiles) json.writeString(file.toString());
    json.writeEndArray();
    json.writeEndObject();
  }
}
