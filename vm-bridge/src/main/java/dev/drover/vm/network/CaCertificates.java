package dev.drover.vm.network;

import dev.drover.vm.VmException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/** CA certificates read on the host and handed to the guest as PEM, the form its bundle has. */
public final class CaCertificates {

  private CaCertificates() {}

  /**
   * The certificates in a file the user picked (PEM, one or more, or DER) as PEM. A file that
   * cannot be read or holds no certificate fails with a message naming it.
   */
  public static String readFile(Path file) throws VmException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new VmException(
          "The CA certificate file "
              + file
              + " could not be read ("
              + e.getMessage()
              + "). Check the file, or remove it from Settings › Virtual machine.",
          e);
    }
    try {
      return pem(parse(bytes));
    } catch (CertificateException e) {
      throw new VmException(
          "The CA certificate file "
              + file
              + " holds no certificate ("
              + e.getMessage()
              + "). Pick a PEM file with -----BEGIN CERTIFICATE----- blocks, or remove it from"
              + " Settings › Virtual machine.",
          e);
    }
  }

  /** The certificates in PEM or DER bytes; fails when there is none. */
  static List<X509Certificate> parse(byte[] bytes) throws CertificateException {
    Collection<? extends Certificate> found;
    try {
      found =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
    } catch (CertificateException e) {
      throw new CertificateException(
          e.getMessage() == null ? "not a certificate" : e.getMessage(), e);
    }
    var certificates = new ArrayList<X509Certificate>();
    for (var certificate : found) {
      if (certificate instanceof X509Certificate x509) certificates.add(x509);
    }
    if (certificates.isEmpty()) throw new CertificateException("no certificate in it");
    return certificates;
  }

  /** Certificates as PEM blocks, one after another. */
  static String pem(List<X509Certificate> certificates) throws CertificateEncodingException {
    var text = new StringBuilder();
    var encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    for (var certificate : certificates) {
      text.append("-----BEGIN CERTIFICATE-----\n")
          .append(encoder.encodeToString(certificate.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    return text.toString();
  }
}
