package dev.drover.vm.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The mutual-TLS material of one VM: its own CA, a server certificate for the guest's dockerd and a
 * client certificate for Drover and the docker CLI. Nothing else trusts this CA, and only a holder
 * of the client key (readable by the user alone) reaches the engine.
 *
 * <p>Layout under the VM's tls folder (0700; every file 0600):
 *
 * <pre>
 *   client/ca.pem cert.pem key.pem             DOCKER_CERT_PATH style, what the engine client and the context use
 *   server/ca.pem server-cert.pem server-key.pem handed to the guest at boot
 *   ca-key.pem                                  kept to re-issue certificates, never leaves the host
 * </pre>
 */
public final class VmCertificates {

  /**
   * Names the guest's dockerd certificate always answers to: the forwarded loopback port and the
   * guest's own address under QEMU's user networking. A guest that takes its address by DHCP
   * (Hyperkit) has its addresses added ({@link #ensure(String, List)}).
   */
  private static final List<GeneralName> SERVER_NAMES =
      List.of(
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "10.0.2.15"));

  private static final Duration VALIDITY = Duration.ofDays(3650);

  private final Path folder;

  public VmCertificates(Path folder) {
    this.folder = folder;
  }

  /** The DOCKER_CERT_PATH-style folder with ca.pem, cert.pem and key.pem. */
  public Path clientFolder() {
    return folder.resolve("client");
  }

  /** The folder with ca.pem, server-cert.pem and server-key.pem for the guest. */
  public Path serverFolder() {
    return folder.resolve("server");
  }

  public boolean exist() {
    return Files.isRegularFile(clientFolder().resolve("key.pem"))
        && Files.isRegularFile(serverFolder().resolve("server-key.pem"));
  }

  /** Creates the CA and both certificates unless they exist. */
  public void ensure(String vmName) throws IOException {
    ensure(vmName, List.of());
  }

  /**
   * Creates the CA and both certificates unless they exist, the server certificate also naming
   * {@code guestAddresses}; when it exists but lacks one of them, it alone is issued again by the
   * same CA, so the client material and the Docker context stay valid.
   */
  public void ensure(String vmName, List<InetAddress> guestAddresses) throws IOException {
    if (exist()) {
      if (!serverAddresses().containsAll(guestAddresses)) reissueServer(vmName, guestAddresses);
      return;
    }
    try {
      var random = new SecureRandom();
      var ca = keyPair(random);
      var now = Instant.now().minus(Duration.ofHours(1)); // tolerate a guest clock slightly behind
      var caName = new X500Name("CN=Drover VM " + vmName + " CA");
      var caCert =
          certificate(
              caName,
              ca,
              caName,
              ca,
              now,
              random,
              builder -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
              });
      var server = keyPair(random);
      var serverCert = serverCertificate(vmName, server, caName, ca, now, random, guestAddresses);
      var client = keyPair(random);
      var clientCert =
          certificate(
              new X500Name("CN=drover-client"),
              client,
              caName,
              ca,
              now,
              random,
              builder -> {
                builder.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
              });
      privateFolder(folder);
      privateFolder(clientFolder());
      privateFolder(serverFolder());
      write(folder.resolve("ca-key.pem"), pem(ca.getPrivate()));
      write(serverFolder().resolve("ca.pem"), pem(caCert));
      write(serverFolder().resolve("server-cert.pem"), pem(serverCert));
      write(serverFolder().resolve("server-key.pem"), pem(server.getPrivate()));
      write(clientFolder().resolve("ca.pem"), pem(caCert));
      write(clientFolder().resolve("cert.pem"), pem(clientCert));
      // key.pem last: exist() looks at it, so a half-written set is made again next time
      write(clientFolder().resolve("key.pem"), pem(client.getPrivate()));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("could not create the VM's TLS certificates: " + e.getMessage(), e);
    }
  }

  /**
   * The IP addresses the server certificate names; empty when there is none.
   *
   * @throws IOException when the certificate cannot be read
   */
  public Set<InetAddress> serverAddresses() throws IOException {
    var file = serverFolder().resolve("server-cert.pem");
    if (!Files.isRegularFile(file)) return Set.of();
    try (var in = Files.newInputStream(file)) {
      var certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      var names = certificate.getSubjectAlternativeNames();
      var addresses = new LinkedHashSet<InetAddress>();
      if (names != null) {
        for (var name : names) {
          if (((Integer) name.get(0)) == GeneralName.iPAddress)
            addresses.add(InetAddress.ofLiteral((String) name.get(1)));
        }
      }
      return Collections.unmodifiableSet(addresses);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  private void reissueServer(String vmName, List<InetAddress> guestAddresses) throws IOException {
    try (var caKeyReader = Files.newBufferedReader(folder.resolve("ca-key.pem"));
        var caKeyPem = new PEMParser(caKeyReader);
        var caCertReader = Files.newBufferedReader(serverFolder().resolve("ca.pem"));
        var caCertPem = new PEMParser(caCertReader)) {
      var converter = new JcaPEMKeyConverter();
      var keyObject = caKeyPem.readObject();
      var caPrivate =
          keyObject instanceof PEMKeyPair pair
              ? converter.getKeyPair(pair).getPrivate()
              : converter.getPrivateKey((PrivateKeyInfo) keyObject);
      var caCert = (X509CertificateHolder) caCertPem.readObject();
      var ca = new KeyPair(converter.getPublicKey(caCert.getSubjectPublicKeyInfo()), caPrivate);
      var random = new SecureRandom();
      var server = keyPair(random);
      var serverCert =
          serverCertificate(
              vmName,
              server,
              caCert.getSubject(),
              ca,
              Instant.now().minus(Duration.ofHours(1)),
              random,
              guestAddresses);
      write(serverFolder().resolve("server-key.pem"), pem(server.getPrivate()));
      write(serverFolder().resolve("server-cert.pem"), pem(serverCert));
    } catch (GeneralSecurityException | OperatorCreationException | ClassCastException e) {
      throw new IOException(
          "could not issue the VM's server certificate again: " + e.getMessage(), e);
    }
  }

  private static X509CertificateHolder serverCertificate(
      String vmName,
      KeyPair server,
      X500Name caName,
      KeyPair ca,
      Instant notBefore,
      SecureRandom random,
      List<InetAddress> guestAddresses)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    var names = new ArrayList<>(SERVER_NAMES);
    for (var address : guestAddresses) {
      var name = new GeneralName(GeneralName.iPAddress, address.getHostAddress());
      if (!names.contains(name)) names.add(name);
    }
    return certificate(
        new X500Name("CN=drover-" + vmName),
        server,
        caName,
        ca,
        notBefore,
        random,
        builder -> {
          builder.addExtension(
              Extension.keyUsage,
              true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
          builder.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
          builder.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(names.toArray(GeneralName[]::new)));
        });
  }

  /** Removes all of the VM's TLS material. */
  public void delete() throws IOException {
    if (!Files.exists(folder)) return;
    try (var paths = Files.walk(folder)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    }
  }

  private interface Extensions {
    void add(JcaX509v3CertificateBuilder builder) throws IOException, GeneralSecurityException;
  }

  private static X509CertificateHolder certificate(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      KeyPair issuerKeys,
      Instant notBefore,
      SecureRandom random,
      Extensions extensions)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    var builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(127, random).add(BigInteger.ONE),
            Date.from(notBefore),
            Date.from(notBefore.plus(VALIDITY)),
            subject,
            subjectKeys.getPublic());
    var utils = new JcaX509ExtensionUtils();
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
    extensions.add(builder);
    return builder.build(
        new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate()));
  }

  private static KeyPair keyPair(SecureRandom random) throws GeneralSecurityException {
    // RSA rather than EC: docker-java (the app's engine client) cannot read EC keys from PEM.
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, random);
    return generator.generateKeyPair();
  }

  private static String pem(Object object) throws IOException {
    var text = new StringWriter();
    try (var writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  static void privateFolder(Path path) throws IOException {
    Files.createDirectories(path);
    if (isPosix(path))
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
  }

  /**
   * Writes a user-only file atomically: the content never exists readable by others, not even for a
   * moment.
   */
  static void write(Path file, String content) throws IOException {
    var temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    if (isPosix(file)) {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(temp);
    }
    Files.writeString(temp, content, StandardCharsets.US_ASCII);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
