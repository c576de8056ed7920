package dev.drover.vm.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Real listening sockets: a proxy on the loopback only, and one on every address, checked from the
 * address the VM would use (this computer's own non-loopback address stands for vmnet's host).
 */
class LoopbackProxyCheckTest {

  private final LoopbackProxyCheck check = new LoopbackProxyCheck(Duration.ofSeconds(2));

  @Test
  void aProxyListeningOnlyOnTheLoopbackIsNamedWithWhatToDoAndWithoutItsPassword()
      throws IOException {
    var hostAddress = nonLoopbackAddress();
    try (var proxy = new ServerSocket(0, 50, InetAddress.ofLiteral("127.0.0.1"))) {
      var url = "http://me:s3cret@127.0.0.1:" + proxy.getLocalPort();

      var problems = check.problems(new ProxySettings(url, url, ""), hostAddress);

      assertThat(problems).hasSize(1);
      assertThat(problems.getFirst())
          .contains(
              "http://[removed]@127.0.0.1:" + proxy.getLocalPort(),
              "listens only on this computer's loopback",
              "the VM reaches this computer at " + hostAddress,
              "port " + proxy.getLocalPort(),
              "Make the proxy listen on " + hostAddress + " (or on all addresses)",
              "Settings → Virtual machine → Proxy and certificates",
              "settings.json")
          .doesNotContain("s3cret", "me:");
    }
  }

  @Test
  void aProxyListeningOnEveryAddressIsReachableSoNothingIsSaid() throws IOException {
    var hostAddress = nonLoopbackAddress();
    try (var proxy = new ServerSocket()) {
      proxy.bind(new InetSocketAddress(0));
      var url = "localhost:" + proxy.getLocalPort();

      assertThat(check.problems(new ProxySettings(url, "", ""), hostAddress)).isEmpty();
    }
  }

  @Test
  void aProxyNotRunningAtAllIsNotBlamedOnTheLoopback() throws IOException {
    int port;
    try (var closed = new ServerSocket(0, 50, InetAddress.ofLiteral("127.0.0.1"))) {
      port = closed.getLocalPort();
    }
    var url = "http://127.0.0.1:" + port;

    assertThat(check.problems(new ProxySettings(url, "", ""), nonLoopbackAddress())).isEmpty();
  }

  @Test
  void aProxyElsewhereIsNotChecked() {
    assertThat(LoopbackProxyCheck.loopbackEndpoint("http://proxy.example.com:3128")).isEmpty();
    assertThat(LoopbackProxyCheck.loopbackEndpoint("https://localhost"))
        .contains(new InetSocketAddress("127.0.0.1", 443));
    assertThat(LoopbackProxyCheck.loopbackEndpoint("user:pw@127.0.0.1:3128"))
        .contains(new InetSocketAddress("127.0.0.1", 3128));
  }

  /** An IPv4 address of this computer that is not the loopback, as vmnet's host address is. */
  private static String nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(
            n -> {
              try {
                return n.isUp() && !n.isLoopback();
              } catch (SocketException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .map(InetAddress::getHostAddress)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "this computer has no IPv4 address besides the loopback to stand for the"
                        + " VM's view of it"));
  }
}
