package dev.drover.vm.network;

import dev.drover.vm.VmNotice;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a guest that reaches this computer at a network address (Hyperkit's vmnet, WSL 2's
 * gateway) can reach the proxy the user set on this computer's loopback. {@link
 * ProxySettings#forGuest(String)} points such a proxy at that address, and a proxy that listens on
 * 127.0.0.1 only does not answer there: the engine's pulls fail with nothing saying why. The check
 * is cheap (a TCP connection to each address, from this computer) and tells the user what to do.
 */
public final class LoopbackProxyCheck {

  private static final Logger LOG = LoggerFactory.getLogger(LoopbackProxyCheck.class);

  /** How long a connection may take: both addresses are this computer's own. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Duration timeout;

  public LoopbackProxyCheck(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * On a virtual thread: checks the proxy the VM gets ({@code network}'s, else this computer's
   * environment) and hands {@code notices} a {@link VmNotice.Kind#PROXY_UNREACHABLE} notice for
   * each proxy the guest cannot reach; also logs it.
   *
   * @param hostAddress this computer's address as the guest reaches it
   */
  public static void inBackground(
      VmNetwork network,
      Map<String, String> environment,
      String hostAddress,
      Consumer<VmNotice> notices) {
    inBackground(network, environment, () -> Optional.of(hostAddress), notices);
  }

  /**
   * The same for WSL 2, whose guest reaches Windows at the address of Windows' WSL network adapter
   * (vEthernet (WSL)); nothing is checked where Windows has none (WSL's mirrored networking).
   */
  public static void inBackgroundForWsl(
      VmNetwork network, Map<String, String> environment, Consumer<VmNotice> notices) {
    inBackground(network, environment, LoopbackProxyCheck::wslAdapterAddress, notices);
  }

  private static void inBackground(
      VmNetwork network,
      Map<String, String> environment,
      Supplier<Optional<String>> hostAddress,
      Consumer<VmNotice> notices) {
    var proxy = network.proxy().orElse(ProxySettings.fromEnvironment(environment));
    if (proxy.httpProxy().isEmpty() && proxy.httpsProxy().isEmpty()) return;
    Thread.ofVirtual()
        .name("vm-proxy-check")
        .start(
            () -> {
              var address = hostAddress.get();
              if (address.isEmpty()) return;
              for (var problem : new LoopbackProxyCheck(TIMEOUT).problems(proxy, address.get())) {
                LOG.warn("{}", problem);
                notices.accept(
                    new VmNotice(Instant.now(), VmNotice.Kind.PROXY_UNREACHABLE, problem));
              }
            });
  }

  /** The IPv4 address of Windows' "vEthernet (WSL…)" adapter, when this computer has one. */
  static Optional<String> wslAdapterAddress() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(n -> n.getDisplayName() != null && n.getDisplayName().contains("(WSL"))
          .flatMap(NetworkInterface::inetAddresses)
          .filter(a -> a instanceof Inet4Address)
          .map(InetAddress::getHostAddress)
          .findFirst();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }

  /**
   * For each proxy on this computer's loopback (HTTP_PROXY, HTTPS_PROXY, once each) that accepts a
   * connection there but not at {@code hostAddress}, why the VM cannot reach it and what to do,
   * without the proxy's user and password; empty when the VM can reach every one, or none is on the
   * loopback.
   *
   * @param configured the proxy as the user set it, before {@link ProxySettings#forGuest}
   * @param hostAddress this computer as the guest reaches it (an IP address)
   */
  public List<String> problems(ProxySettings configured, String hostAddress) {
    var problems = new ArrayList<String>();
    var proxies = new LinkedHashSet<String>();
    for (var url : List.of(configured.httpProxy(), configured.httpsProxy())) {
      if (!url.isEmpty()) proxies.add(url);
    }
    for (var url : proxies) {
      var loopback = loopbackEndpoint(url);
      if (loopback.isEmpty()) continue;
      var port = loopback.get().getPort();
      if (accepts(loopback.get()) && !accepts(new InetSocketAddress(hostAddress, port))) {
        problems.add(explanation(url, hostAddress, port));
      }
    }
    return problems;
  }

  static String explanation(String url, String hostAddress, int port) {
    return "The VM cannot reach the proxy "
        + ProxySettings.redact(url)
        + ": it listens only on this computer's loopback, and the VM reaches this computer at "
        + hostAddress
        + ", where nothing accepts connections on port "
        + port
        + ", so the engine's pulls fail. Make the proxy listen on "
        + hostAddress
        + " (or on all addresses), or set a proxy the VM can reach in Settings → Virtual machine →"
        + " Proxy and certificates (settings.json: \"vm\": {\"network\": {\"httpProxy\": …,"
        + " \"httpsProxy\": …}}), then restart the VM.";
  }

  /** The proxy's address when it is on this computer's loopback; its port, or the scheme's. */
  static Optional<InetSocketAddress> loopbackEndpoint(String url) {
    var withScheme = url.contains("://") ? url : "http://" + url;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    var host = uri.getHost();
    if (host == null) return Optional.empty();
    var lower = host.toLowerCase(Locale.ROOT);
    String address;
    if (lower.equals("localhost") || lower.endsWith(".localhost")) address = "127.0.0.1";
    else if (lower.matches("127(\\.[0-9]{1,3}){3}")) address = lower;
    else if (lower.equals("[::1]")) address = "::1";
    else return Optional.empty();
    var port = uri.getPort();
    if (port < 0) {
      port =
          switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "https" -> 443;
            case "socks5" -> 1080;
            default -> 80;
          };
    }
    return Optional.of(new InetSocketAddress(address, port));
  }

  private boolean accepts(InetSocketAddress address) {
    if (address.isUnresolved()) return false;
    try (var socket = new Socket()) {
      socket.connect(address, (int) timeout.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
