package dev.drover.tests.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What a company network looks like to Drover's VM, all on this computer's loopback: two Debian
 * docker-registry instances served with TLS, each by its own test CA, and a tinyproxy with a user
 * and password in front of them.
 *
 * <p>The VM's engine can reach the registries only through the proxy: they listen on 127.0.0.2,
 * which QEMU's user networking never connects to (the guest's 10.0.2.2 is this computer's
 * 127.0.0.1), and their names ({@code *.drover.test}) are in this computer's /etc/hosts only, which
 * the proxy reads and the guest's name server (QEMU's, asking this computer's DNS server) does not.
 * Both registries share their storage, so they hold the same images. Changes /etc/hosts in place,
 * so it must run as root; close() puts it back and stops everything.
 */
public final class ProxiedTlsRegistries implements AutoCloseable {

  public static final String USER = "drover";
  public static final String TRUSTED_NAME = "trusted-registry.drover.test";
  public static final String UNTRUSTED_NAME = "untrusted-registry.drover.test";
  private static final Path HOSTS = Path.of("/etc/hosts");
  private static final String REGISTRY_ADDRESS = "127.0.0.2";

  private final Path folder;
  private final byte[] originalHosts;
  private final String password = "pw-" + UUID.randomUUID().toString().substring(0, 12);
  private final List<Process> registries = new ArrayList<>();
  private final int proxyPort;
  private int trustedPort;
  private int untrustedPort;
  private Process proxy;

  private ProxiedTlsRegistries(Path folder, byte[] originalHosts, int proxyPort) {
    this.folder = folder;
    this.originalHosts = originalHosts;
    this.proxyPort = proxyPort;
  }

  /** What this computer lacks to run these parts, if anything. */
  public static Optional<String> missingPart() {
    for (var tool : List.of("docker-registry", "tinyproxy")) {
      if (!onPath(tool)) return Optional.of(tool + " is not installed; ./run-tests.sh installs it");
    }
    if (!Files.isWritable(HOSTS))
      return Optional.of(
          "the proxy test names its registries in /etc/hosts and must run as root"
              + " (./run-tests.sh does)");
    return Optional.empty();
  }

  /** Starts both registries and the proxy; fails when one does not answer. */
  public static ProxiedTlsRegistries start() throws Exception {
    var folder = Files.createTempDirectory("drover-proxied-registries");
    var parts = new ProxiedTlsRegistries(folder, Files.readAllBytes(HOSTS), freePort("127.0.0.1"));
    try {
      Files.writeString(
          HOSTS,
          new String(parts.originalHosts, StandardCharsets.UTF_8)
              + "\n"
              + REGISTRY_ADDRESS
              + " "
              + TRUSTED_NAME
              + " "
              + UNTRUSTED_NAME
              + "\n");
      parts.trustedPort = parts.startRegistry("trusted", TRUSTED_NAME);
      parts.untrustedPort = parts.startRegistry("untrusted", UNTRUSTED_NAME);
      parts.startProxy();
      return parts;
    } catch (Exception e) {
      parts.close();
      throw e;
    }
  }

  /** The CA that signed the trusted registry's certificate, PEM. */
  public Path trustedCa() {
    return folder.resolve("trusted/ca.pem");
  }

  /** host:port of the registry whose CA the VM is given. */
  public String trustedRegistry() {
    return TRUSTED_NAME + ":" + trustedPort;
  }

  /** host:port of the registry whose CA the VM does not know. */
  public String untrustedRegistry() {
    return UNTRUSTED_NAME + ":" + untrustedPort;
  }

  /** The proxy as a user on this computer would write it: loopback, with user and password. */
  public String proxyUrl() {
    return "http://" + USER + ":" + password + "@127.0.0.1:" + proxyPort;
  }

  public int proxyPort() {
    return proxyPort;
  }

  public String password() {
    return password;
  }

  /**
   * What the proxy logged: each request it served names its target. In the foreground tinyproxy
   * writes its log to its output rather than the LogFile.
   */
  public String proxyLog() throws IOException {
    var text = new StringBuilder();
    for (var name : List.of("tinyproxy.log", "tinyproxy.out")) {
      var log = folder.resolve(name);
      if (Files.exists(log)) text.append(Files.readString(log));
    }
    return text.toString();
  }

  public void stopProxy() throws InterruptedException {
    if (proxy == null) return;
    proxy.destroy();
    if (!proxy.waitFor(10, TimeUnit.SECONDS)) proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    proxy = null;
  }

  /** Starts tinyproxy on its port (the same after a stop) and waits until it accepts. */
  public void startProxy() throws IOException {
    var config = folder.resolve("tinyproxy.conf");
    Files.writeString(
        config,
        """
        Port %d
        Listen 127.0.0.1
        Timeout 60
        Allow 127.0.0.1
        BasicAuth %s %s
        LogFile "%s"
        LogLevel Info
        MaxClients 20
        """
            .formatted(proxyPort, USER, password, folder.resolve("tinyproxy.log")));
    proxy =
        new ProcessBuilder("tinyproxy", "-d", "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(folder.resolve("tinyproxy.out").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    var started = proxy;
    await("tinyproxy on 127.0.0.1:" + proxyPort)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!started.isAlive())
                throw new IllegalStateException(
                    "tinyproxy exited: " + Files.readString(folder.resolve("tinyproxy.out")));
              return accepts("127.0.0.1", proxyPort);
            });
  }

  private int startRegistry(String name, String host) throws Exception {
    var dir = Files.createDirectories(folder.resolve(name));
    writeCaAndServerCertificate(dir, host);
    var port = freePort(REGISTRY_ADDRESS);
    Files.writeString(
        dir.resolve("config.yml"),
        """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s/data
        http:
          addr: %s:%d
          tls:
            certificate: %s
            key: %s
        """
            .formatted(
                folder,
                REGISTRY_ADDRESS,
                port,
                dir.resolve("server-cert.pem"),
                dir.resolve("server-key.pem")));
    var process =
        new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    registries.add(process);
    await("docker-registry " + name + " on " + REGISTRY_ADDRESS + ":" + port)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive())
                throw new IllegalStateException(
                    "docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
              return accepts(REGISTRY_ADDRESS, port);
            });
    return port;
  }

  /** A CA of its own for each registry, and the registry's certificate for {@code host}. */
  private static void writeCaAndServerCertificate(Path dir, String host)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    var random = new SecureRandom();
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256, random);
    var ca = generator.generateKeyPair();
    var server = generator.generateKeyPair();
    var caName = new X500Name("CN=Drover test CA for " + host);
    var now = Instant.now().minus(Duration.ofHours(1));
    var caBuilder = builder(caName, caName, ca, now, random);
    caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    caBuilder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    var serverBuilder = builder(new X500Name("CN=" + host), caName, server, now, random);
    serverBuilder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
    write(dir.resolve("ca.pem"), sign(caBuilder, ca));
    write(dir.resolve("server-cert.pem"), sign(serverBuilder, ca));
    // PKCS#8, which Go's TLS reads whatever the key type
    write(dir.resolve("server-key.pem"), new JcaPKCS8Generator(server.getPrivate(), null));
  }

  private static JcaX509v3CertificateBuilder builder(
      X500Name subject, X500Name issuer, KeyPair keys, Instant notBefore, SecureRandom random) {
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, random).add(BigInteger.ONE),
        Date.from(notBefore),
        Date.from(notBefore.plus(Duration.ofDays(2))),
        subject,
        keys.getPublic());
  }

  private static X509CertificateHolder sign(JcaX509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException {
    return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate()));
  }

  private static void write(Path file, Object pemObject) throws IOException {
    var text = new StringWriter();
    try (var pem = new JcaPEMWriter(text)) {
      pem.writeObject(pemObject);
    }
    Files.writeString(file, text.toString());
  }

  private static boolean accepts(String address, int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static int freePort(String address) throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return socket.getLocalPort();
    }
  }

  private static boolean onPath(String tool) {
    for (var dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }

  @Override
  public void close() throws Exception {
    stopProxy();
    for (var process : registries) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    // Written in place: in a container /etc/hosts is a bind mount that cannot be replaced.
    Files.write(HOSTS, originalHosts);
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
