package dev.drover.vm.network;

import dev.drover.vm.VmException;
import dev.drover.vm.process.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * This computer's system CA certificates, which a company adds its own (TLS-inspecting proxy) CA
 * to: macOS's system keychains through {@code security}, a Linux distribution's bundle, or else the
 * JDK's trust store.
 */
public final class HostTrustStore {

  /** The bundles Linux distributions keep (Debian and its kin first, then Fedora and its kin). */
  public static final List<Path> LINUX_BUNDLES =
      List.of(
          Path.of("/etc/ssl/certs/ca-certificates.crt"),
          Path.of("/etc/pki/tls/certs/ca-bundle.crt"),
          Path.of("/etc/ssl/ca-bundle.pem"));

  static final List<String> MAC_COMMAND =
      List.of(
          "/usr/bin/security",
          "find-certificate",
          "-a",
          "-p",
          "/Library/Keychains/System.keychain",
          "/System/Library/Keychains/SystemRootCertificates.keychain");

  private final String osName;
  private final List<Path> linuxBundles;
  private final Path jdkTrustStore;
  private final ProcessRunner runner;

  /**
   * @param osName the os.name system property
   * @param linuxBundles the bundles to look for, the first one found is used
   * @param jdkTrustStore the JDK's cacerts, used where no bundle is found
   * @param runner runs macOS's {@code security}
   */
  public HostTrustStore(
      String osName, List<Path> linuxBundles, Path jdkTrustStore, ProcessRunner runner) {
    this.osName = osName;
    this.linuxBundles = List.copyOf(linuxBundles);
    this.jdkTrustStore = jdkTrustStore;
    this.runner = runner;
  }

  /** The trust store of the computer this runs on. */
  public static HostTrustStore forThisComputer(ProcessRunner runner) {
    return new HostTrustStore(
        System.getProperty("os.name"),
        LINUX_BUNDLES,
        Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"),
        runner);
  }

  /** The system's CA certificates as PEM. */
  public String pem() throws VmException {
    if (osName.toLowerCase(Locale.ROOT).startsWith("mac")) return macKeychains();
    for (var bundle : linuxBundles) {
      if (Files.isReadable(bundle)) {
        try {
          return CaCertificates.pem(CaCertificates.parse(Files.readAllBytes(bundle)));
        } catch (IOException | GeneralSecurityException e) {
          throw new VmException(
              "This computer's CA certificates in " + bundle + " could not be read: " + e, e);
        }
      }
    }
    return jdkTrustStore();
  }

  private String macKeychains() throws VmException {
    try {
      var result = runner.run(MAC_COMMAND, Duration.ofSeconds(30));
      if (result.exitCode() != 0) {
        throw new VmException(
            "macOS's keychains did not give their CA certificates: "
                + new String(result.stderr(), StandardCharsets.UTF_8).strip());
      }
      return CaCertificates.pem(CaCertificates.parse(result.stdout()));
    } catch (IOException | GeneralSecurityException e) {
      throw new VmException("macOS's keychains did not give their CA certificates: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException("Reading macOS's CA certificates was interrupted", e);
    }
  }

  private String jdkTrustStore() throws VmException {
    try (InputStream in = Files.newInputStream(jdkTrustStore)) {
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(in, null);
      var certificates = new ArrayList<X509Certificate>();
      for (var alias : Collections.list(store.aliases())) {
        if (store.getCertificate(alias) instanceof X509Certificate x509) certificates.add(x509);
      }
      return CaCertificates.pem(certificates);
    } catch (IOException | GeneralSecurityException e) {
      throw new VmException(
          "This computer's CA certificates (" + jdkTrustStore + ") could not be read: " + e, e);
    }
  }
}
