package dev.drover.vm.network;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The proxy the VM's engines (dockerd, containerd, k3s) go through, in the form of the usual
 * environment variables. An empty value means "none". A value may carry a user and password ({@code
 * http://user:secret@proxy:3128}); {@link #toString()} and every message leave the password out.
 *
 * @param httpProxy HTTP_PROXY: for plain-HTTP registries
 * @param httpsProxy HTTPS_PROXY: for TLS registries (most are)
 * @param noProxy NO_PROXY: comma-separated names, domains (.example.com), addresses and CIDRs
 *     reached directly
 */
public record ProxySettings(String httpProxy, String httpsProxy, String noProxy) {

  /** The host as QEMU's user networking shows it to the guest; it reaches the host's 127.0.0.1. */
  public static final String HOST_FROM_GUEST = "10.0.2.2";

  /**
   * Reached without the proxy whatever the user set: the guest itself, its network with the host,
   * and the host's names for containers.
   */
  static final List<String> GUEST_DIRECT =
      List.of(
          "localhost",
          "127.0.0.0/8",
          "::1",
          "10.0.2.0/24",
          "host.docker.internal",
          "gateway.docker.internal");

  private static final Pattern URL =
      Pattern.compile(
          "(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)?(?<user>[^/\\s]*@)?(?<host>\\[[0-9A-Fa-f:.]+]|[^:/\\[\\]@\\s]+)(?<rest>(:[0-9]{1,5})?/?)");
  private static final Pattern USER_INFO_IN_URLS =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s\"']+@");
  private static final List<String> SCHEMES = List.of("http://", "https://", "socks5://");

  // After the patterns: the constructor uses them.
  public static final ProxySettings NONE = new ProxySettings("", "", "");

  public ProxySettings {
    httpProxy = checked("HTTP_PROXY", httpProxy);
    httpsProxy = checked("HTTPS_PROXY", httpsProxy);
    noProxy = noProxy == null ? "" : noProxy.strip();
    if (noProxy.chars().anyMatch(c -> c < ' ' || c == '\'' || c == 0x7f)) {
      throw new IllegalArgumentException(
          "NO_PROXY is a comma-separated list of names and addresses, without quotes or line"
              + " breaks");
    }
  }

  private static String checked(String name, String value) {
    if (value == null || value.isBlank()) return "";
    var url = value.strip();
    var matcher = URL.matcher(url);
    if (!matcher.matches()
        || (matcher.group("scheme") != null
            && !SCHEMES.contains(matcher.group("scheme").toLowerCase(Locale.ROOT)))) {
      throw new IllegalArgumentException(
          name
              + " is a proxy address such as http://proxy.example.com:3128 (http, https or"
              + " socks5), not "
              + redact(url));
    }
    return url;
  }

  /**
   * The proxy this computer's environment names (HTTP_PROXY or http_proxy, and so on); the upper
   * case wins where both are set, as curl and Go do for HTTPS_PROXY.
   */
  public static ProxySettings fromEnvironment(Map<String, String> environment) {
    return new ProxySettings(
        variable(environment, "HTTP_PROXY"),
        variable(environment, "HTTPS_PROXY"),
        variable(environment, "NO_PROXY"));
  }

  private static String variable(Map<String, String> environment, String name) {
    var upper = environment.get(name);
    if (upper != null && !upper.isBlank()) return upper;
    var lower = environment.get(name.toLowerCase(Locale.ROOT));
    return lower == null ? "" : lower;
  }

  public boolean isEmpty() {
    return httpProxy.isEmpty() && httpsProxy.isEmpty() && noProxy.isEmpty();
  }

  /** Each field of this one, or of {@code fallback} where this one's is empty. */
  public ProxySettings orElse(ProxySettings fallback) {
    return new ProxySettings(
        httpProxy.isEmpty() ? fallback.httpProxy : httpProxy,
        httpsProxy.isEmpty() ? fallback.httpsProxy : httpsProxy,
        noProxy.isEmpty() ? fallback.noProxy : noProxy);
  }

  /**
   * These settings as the guest needs them: a proxy on this computer's loopback (127.0.0.1,
   * localhost) is reached at {@value #HOST_FROM_GUEST}, and NO_PROXY keeps the guest's own names
   * direct. Without a proxy nothing changes.
   */
  public ProxySettings forGuest() {
    return forGuest(HOST_FROM_GUEST);
  }

  /**
   * These settings for a guest that reaches this computer at {@code hostAddress} (WSL 2's guest
   * learns it only when it runs: it is given a placeholder it replaces).
   */
  public ProxySettings forGuest(String hostAddress) {
    if (httpProxy.isEmpty() && httpsProxy.isEmpty()) return this;
    var direct = new LinkedHashSet<String>();
    for (var entry : noProxy.split(",")) {
      if (!entry.isBlank()) direct.add(entry.strip());
    }
    direct.addAll(GUEST_DIRECT);
    return new ProxySettings(
        loopbackToHost(httpProxy, hostAddress),
        loopbackToHost(httpsProxy, hostAddress),
        String.join(",", direct));
  }

  static String loopbackToHost(String url) {
    return loopbackToHost(url, HOST_FROM_GUEST);
  }

  private static String loopbackToHost(String url, String hostAddress) {
    if (url.isEmpty()) return url;
    var matcher = URL.matcher(url);
    if (!matcher.matches()) return url;
    var host = matcher.group("host");
    var lower = host.toLowerCase(Locale.ROOT);
    var loopback =
        lower.equals("localhost")
            || lower.endsWith(".localhost")
            || lower.matches("127(\\.[0-9]{1,3}){3}")
            || lower.equals("[::1]");
    if (!loopback) return url;
    return (matcher.group("scheme") == null ? "" : matcher.group("scheme"))
        + (matcher.group("user") == null ? "" : matcher.group("user"))
        + hostAddress
        + matcher.group("rest");
  }

  /**
   * The guest's environment file: both spellings of each variable (Go reads the upper case, some
   * tools only the lower), shell-quoted, sourced by the guest's init and k3s's start.
   */
  public String environmentFile() {
    var lines = new ArrayList<String>();
    for (var variable :
        List.of(
            Map.entry("HTTP_PROXY", httpProxy),
            Map.entry("HTTPS_PROXY", httpsProxy),
            Map.entry("NO_PROXY", noProxy))) {
      if (variable.getValue().isEmpty()) continue;
      var quoted = "'" + variable.getValue().replace("'", "'\\''") + "'";
      lines.add("export " + variable.getKey() + "=" + quoted);
      lines.add("export " + variable.getKey().toLowerCase(Locale.ROOT) + "=" + quoted);
    }
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  /** The text with every URL's user and password ({@code user:secret@}) removed. */
  public static String redact(String text) {
    var redacted = USER_INFO_IN_URLS.matcher(text).replaceAll("$1[removed]@");
    // A proxy written without a scheme (user:secret@proxy:3128) is a URL only to the reader.
    var matcher = URL.matcher(redacted);
    if (matcher.matches() && matcher.group("scheme") == null && matcher.group("user") != null) {
      return "[removed]@" + matcher.group("host") + matcher.group("rest");
    }
    return redacted;
  }

  @Override
  public String toString() {
    return "ProxySettings[httpProxy="
        + redact(httpProxy)
        + ", httpsProxy="
        + redact(httpsProxy)
        + ", noProxy="
        + noProxy
        + "]";
  }
}
