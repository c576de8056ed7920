package dev.drover.vm.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

  @Test
  void theEnvironmentGivesEachVariableUpperCaseFirst() {
    var proxy =
        ProxySettings.fromEnvironment(
            Map.of(
                "HTTP_PROXY", "http://upper:3128",
                "http_proxy", "http://lower:3128",
                "https_proxy", "http://secure:3128",
                "no_proxy", ".corp.example,10.0.0.0/8"));

    assertThat(proxy)
        .isEqualTo(
            new ProxySettings(
                "http://upper:3128", "http://secure:3128", ".corp.example,10.0.0.0/8"));
  }

  @Test
  void settingsWinFieldByFieldOverTheEnvironment() {
    var settings = new ProxySettings("", "http://mine:8080", "");
    var environment = new ProxySettings("http://env:3128", "http://env:3128", "corp.example");

    assertThat(settings.orElse(environment))
        .isEqualTo(new ProxySettings("http://env:3128", "http://mine:8080", "corp.example"));
  }

  @Test
  void aLoopbackProxyIsReachedAtTheHostsAddressFromTheGuest() {
    assertThat(ProxySettings.loopbackToHost("http://127.0.0.1:3128"))
        .isEqualTo("http://10.0.2.2:3128");
    assertThat(ProxySettings.loopbackToHost("http://user:p%40ss@localhost:3128/"))
        .isEqualTo("http://user:p%40ss@10.0.2.2:3128/");
    assertThat(ProxySettings.loopbackToHost("[::1]:3128")).isEqualTo("10.0.2.2:3128");
    assertThat(ProxySettings.loopbackToHost("socks5://127.0.0.5:1080"))
        .isEqualTo("socks5://10.0.2.2:1080");
  }

  @Test
  void aProxyElsewhereIsLeftAsItIs() {
    assertThat(ProxySettings.loopbackToHost("http://proxy.corp.example:3128"))
        .isEqualTo("http://proxy.corp.example:3128");
    assertThat(ProxySettings.loopbackToHost("http://127.example.com:3128"))
        .isEqualTo("http://127.example.com:3128");
  }

  @Test
  void theGuestsOwnNamesStayDirectBesideTheUsersList() {
    var guest = new ProxySettings("http://localhost:3128", "", "corp.example").forGuest();

    assertThat(guest.httpProxy()).isEqualTo("http://10.0.2.2:3128");
    assertThat(guest.noProxy().split(","))
        .startsWith("corp.example")
        .contains("localhost", "127.0.0.0/8", "10.0.2.0/24", "host.docker.internal");
  }

  @Test
  void withoutAProxyTheGuestGetsNothing() {
    assertThat(ProxySettings.NONE.forGuest().environmentFile()).isEmpty();
  }

  @Test
  void theEnvironmentFileQuotesValuesForTheShellInBothSpellings() {
    var file = new ProxySettings("http://u:it's@p:1", "", "a,b").environmentFile();

    assertThat(file)
        .isEqualTo(
            """
            export HTTP_PROXY='http://u:it'\\''s@p:1'
            export http_proxy='http://u:it'\\''s@p:1'
            export NO_PROXY='a,b'
            export no_proxy='a,b'
            """);
  }

  @Test
  void somethingThatIsNotAProxyAddressIsRefusedWithoutShowingItsPassword() {
    assertThatThrownBy(() -> new ProxySettings("ftp://user:secret@proxy:21", "", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HTTP_PROXY is a proxy address")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> new ProxySettings("", "http://proxy:3128 extra", ""))
        .hasMessageContaining("HTTPS_PROXY");
    assertThatThrownBy(() -> new ProxySettings("", "", "a\nb")).hasMessageContaining("NO_PROXY");
  }

  @Test
  void redactionRemovesUserAndPasswordFromUrls() {
    assertThat(
            ProxySettings.redact(
                "proxy http://drover:s3cret@10.0.2.2:3128 and \"https://a:b@registry/v2\""))
        .isEqualTo("proxy http://[removed]@10.0.2.2:3128 and \"https://[removed]@registry/v2\"")
        .doesNotContain("s3cret");
    assertThat(ProxySettings.redact("drover:s3cret@proxy:3128")).isEqualTo("[removed]@proxy:3128");
    assertThat(ProxySettings.redact("http://proxy:3128, mail me@example.com"))
        .isEqualTo("http://proxy:3128, mail me@example.com");
  }

  @Test
  void toStringLeavesThePasswordOut() {
    assertThat(new ProxySettings("http://u:pw@p:1", "u:pw@p:1", "").toString())
        .doesNotContain("pw")
        .contains("p:1");
  }
}
