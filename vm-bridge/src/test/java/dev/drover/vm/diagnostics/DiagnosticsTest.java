package dev.drover.vm.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {

  @Test
  void keysCertificatesCredentialsAndDisksStayOut() {
    assertThat(Diagnostics.mayInclude(Path.of("tls/client/cert.pem"))).isFalse();
    assertThat(Diagnostics.mayInclude(Path.of("ca-key.pem"))).isFalse();
    assertThat(Diagnostics.mayInclude(Path.of(".docker/config.json"))).isFalse();
    assertThat(Diagnostics.mayInclude(Path.of("kubeconfig"))).isFalse();
    assertThat(Diagnostics.mayInclude(Path.of("data.qcow2"))).isFalse();
    assertThat(Diagnostics.mayInclude(Path.of("control.sock"))).isFalse();
    assertThat(Diagnostics.mayInclude(Path.of("console.log"))).isTrue();
    assertThat(Diagnostics.mayInclude(Path.of("status.json"))).isTrue();
  }

  @Test
  void secretValuesAreRemovedFromWhatIsKept() {
    assertThat(
            Diagnostics.redact(
                "{\"auth\": \"dXNlcjpwYXNz\", \"theme\": \"DARK\", \"registryToken\":\"abc\"}"))
        .isEqualTo(
            "{\"auth\": \"[removed]\", \"theme\": \"DARK\", \"registryToken\":\"[removed]\"}");
    assertThat(Diagnostics.redact("logged in with password=hunter2 ok"))
        .isEqualTo("logged in with password=[removed] ok");
  }

  @Test
  void aProxyUrlsUserAndPasswordAreRemoved() {
    assertThat(
            Diagnostics.redact(
                "{\"httpsProxy\": \"http://drover:s3cret@127.0.0.1:3128\"}\n"
                    + "proxyconnect tcp: http://drover:s3cret@10.0.2.2:3128 refused"))
        .doesNotContain("s3cret")
        .doesNotContain("drover:")
        .contains("http://[removed]@127.0.0.1:3128", "http://[removed]@10.0.2.2:3128");
  }
}
