package dev.drover.vm.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.vm.VmException;
import dev.drover.vm.process.ScriptedRunner;
import dev.drover.vm.tls.VmCertificates;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmNetworkTest {

  @TempDir Path folder;

  private final HostTrustStore noHostStore =
      new HostTrustStore(
          "Linux",
          List.of(),
          Path.of("missing"),
          new ScriptedRunner(command -> ScriptedRunner.failed(1, new byte[0])));

  private Path caFile() throws Exception {
    var certificates = new VmCertificates(folder.resolve("tls"));
    certificates.ensure("test");
    return certificates.serverFolder().resolve("ca.pem");
  }

  @Test
  void jsonKeepsEveryFieldAcrossAWriteAndARead() throws Exception {
    var network =
        new VmNetwork(
            new ProxySettings("http://u:p@proxy:3128", "", ".corp"),
            true,
            List.of(Path.of("/certs/corp.pem")));
    var out = new ByteArrayOutputStream();
    try (var json = new ObjectMapper().getFactory().createGenerator(out)) {
      network.writeJson(json);
    }

    assertThat(VmNetwork.fromJson(new ObjectMapper().readTree(out.toByteArray())))
        .isEqualTo(network);
  }

  @Test
  void aProxyFieldThatIsNotAnAddressIsDroppedAndTheOthersKept() throws Exception {
    var node =
        new ObjectMapper()
            .readTree(
                "{\"httpProxy\":\"gopher://x\",\"httpsProxy\":\"http://ok:1\",\"noProxy\":3,"
                    + "\"hostCertificates\":true}");

    var network = VmNetwork.fromJson(node);

    assertThat(network.proxy()).isEqualTo(new ProxySettings("", "http://ok:1", ""));
    assertThat(network.hostCertificates()).isTrue();
    assertThat(VmNetwork.refusal(node, "httpProxy")).contains("proxy address");
    assertThat(VmNetwork.refusal(node, "noProxy")).isEqualTo("not text");
    assertThat(VmNetwork.refusal(node, "httpsProxy")).isEmpty();
  }

  @Test
  void theGuestGetsTheEnvironmentsProxyWhereTheSettingsHaveNoneAndThePickedCertificates()
      throws Exception {
    var ca = caFile();
    var network = new VmNetwork(ProxySettings.NONE, false, List.of(ca));

    var guest = network.forGuest(Map.of("HTTPS_PROXY", "http://127.0.0.1:3128"), noHostStore);

    assertThat(guest.proxy().httpsProxy()).isEqualTo("http://10.0.2.2:3128");
    assertThat(guest.certificates())
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .isEqualTo(CaCertificates.readFile(ca));
  }

  @Test
  void aFileThatIsNotACertificateFailsNamingIt() throws Exception {
    var notPem = Files.writeString(folder.resolve("notes.txt"), "just some text");
    var network = new VmNetwork(ProxySettings.NONE, false, List.of(notPem));

    assertThatThrownBy(() -> network.forGuest(Map.of(), noHostStore))
        .isInstanceOf(VmException.class)
        .hasMessageContaining(notPem.toString())
        .hasMessageContaining("holds no certificate");
    assertThatThrownBy(() -> CaCertificates.readFile(folder.resolve("absent.pem")))
        .hasMessageContaining("absent.pem")
        .hasMessageContaining("could not be read");
  }

  @Test
  void theHostStoreIsTheFirstLinuxBundleFound() throws Exception {
    var bundle = caFile();
    var store =
        new HostTrustStore(
            "Linux",
            List.of(folder.resolve("absent.crt"), bundle),
            Path.of("missing"),
            new ScriptedRunner(command -> ScriptedRunner.failed(1, new byte[0])));

    assertThat(store.pem()).isEqualTo(CaCertificates.readFile(bundle));
  }

  @Test
  void withoutABundleTheJdksTrustStoreIsUsed() throws Exception {
    var store =
        new HostTrustStore(
            "Linux",
            List.of(),
            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"),
            new ScriptedRunner(command -> ScriptedRunner.failed(1, new byte[0])));

    assertThat(store.pem()).contains("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void onMacOsTheSystemKeychainsAreAskedThroughSecurity() throws Exception {
    var pem = Files.readAllBytes(caFile());
    var runner = new ScriptedRunner(command -> ScriptedRunner.ok(pem));
    var store = new HostTrustStore("Mac OS X", List.of(), Path.of("missing"), runner);

    assertThat(store.pem()).isEqualTo(CaCertificates.pem(CaCertificates.parse(pem)));
    assertThat(runner.commands)
        .containsExactly(
            List.of(
                "/usr/bin/security",
                "find-certificate",
                "-a",
                "-p",
                "/Library/Keychains/System.keychain",
                "/System/Library/Keychains/SystemRootCertificates.keychain"));
  }
}
