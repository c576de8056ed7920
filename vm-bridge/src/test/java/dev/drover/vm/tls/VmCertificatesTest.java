package dev.drover.vm.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.core.LocalDirectorySSLConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmCertificatesTest {

  @TempDir Path folder;

  @Test
  void clientMaterialIsReadableByTheAppsEngineClient() throws Exception {
    var certificates = new VmCertificates(folder.resolve("tls"));
    certificates.ensure("test");
    var ssl = new LocalDirectorySSLConfig(certificates.clientFolder().toString()).getSSLContext();
    assertThat(ssl).isNotNull();
  }

  @Test
  void everyFileIsUserOnly() throws Exception {
    var certificates = new VmCertificates(folder.resolve("tls"));
    certificates.ensure("test");
    try (var paths = Files.walk(folder.resolve("tls"))) {
      for (var path : paths.toList()) {
        var expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
            .as(path.toString())
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void serverCertificateNamesTheLoopbackAddressAndIsSignedByTheVmsCa() throws Exception {
    var certificates = new VmCertificates(folder.resolve("tls"));
    certificates.ensure("test");
    var factory = CertificateFactory.getInstance("X.509");
    X509Certificate server;
    X509Certificate ca;
    try (var in = Files.newInputStream(certificates.serverFolder().resolve("server-cert.pem"))) {
      server = (X509Certificate) factory.generateCertificate(in);
    }
    try (var in = Files.newInputStream(certificates.serverFolder().resolve("ca.pem"))) {
      ca = (X509Certificate) factory.generateCertificate(in);
    }
    server.verify(ca.getPublicKey());
    assertThat(server.getSubjectAlternativeNames())
        .anySatisfy(name -> assertThat(name.get(1)).isEqualTo("127.0.0.1"));
    assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void ensuringTwiceKeepsTheFirstCertificates() throws Exception {
    var certificates = new VmCertificates(folder.resolve("tls"));
    certificates.ensure("test");
    var first = Files.readString(certificates.clientFolder().resolve("cert.pem"));
    certificates.ensure("test");
    assertThat(Files.readString(certificates.clientFolder().resolve("cert.pem"))).isEqualTo(first);
  }

  @Test
  void serverCertificateAlsoNamesTheGuestAddressesAskedFor() throws Exception {
    var certificates = new VmCertificates(folder.resolve("tls"));
    certificates.ensure("test", List.of(InetAddress.ofLiteral("192.168.64.7")));

    assertThat(certificates.serverAddresses())
        .contains(
            InetAddress.ofLiteral("127.0.0.1"),
            InetAddress.ofLiteral("10.0.2.15"),
            InetAddress.ofLiteral("192.168.64.7"));
  }

  @Test
  void anAddressTheServerCertificateLacksReissuesItAloneBySameCa() throws Exception {
    var certificates = new VmCertificates(folder.resolve("tls"));
    certificates.ensure("test");
    var clientCert = Files.readString(certificates.clientFolder().resolve("cert.pem"));
    var ca = Files.readString(certificates.serverFolder().resolve("ca.pem"));
    var leased = InetAddress.ofLiteral("192.168.105.30");
    assertThat(certificates.serverAddresses()).doesNotContain(leased);

    certificates.ensure("test", List.of(leased));

    assertThat(certificates.serverAddresses()).contains(leased, InetAddress.ofLiteral("127.0.0.1"));
    assertThat(Files.readString(certificates.clientFolder().resolve("cert.pem")))
        .isEqualTo(clientCert);
    assertThat(Files.readString(certificates.serverFolder().resolve("ca.pem"))).isEqualTo(ca);
    var factory = CertificateFactory.getInstance("X.509");
    try (var serverIn =
            Files.newInputStream(certificates.serverFolder().resolve("server-cert.pem"));
        var caIn = Files.newInputStream(certificates.serverFolder().resolve("ca.pem"))) {
      var server = (X509Certificate) factory.generateCertificate(serverIn);
      server.verify(factory.generateCertificate(caIn).getPublicKey());
      assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=drover-test");
    }
    var serverKey = Files.readString(certificates.serverFolder().resolve("server-key.pem"));
    certificates.ensure("test", List.of(leased));
    assertThat(Files.readString(certificates.serverFolder().resolve("server-key.pem")))
        .as("named already: nothing is issued again")
        .isEqualTo(serverKey);
  }
}
