package dev.drover.engine.containerd;

import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Opens containerd clients: {@code unix:///run/containerd/containerd.sock}, or {@code
 * tcp://127.0.0.1:port} with mutual TLS from the endpoint's certificate folder (ca.pem, cert.pem,
 * key.pem, as Drover's VM writes them for dockerd). Plain TCP is refused: containerd's API is root
 * on the guest.
 */
public final class ContainerdClients {

  /**
   * containerd's own limit for messages it receives; a namespace full of Kubernetes containers
   * needs more than gRPC's 4 MiB.
   */
  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private ContainerdClients() {}

  /** A client for the containerd at {@code endpoint}; the connection is made on the first call. */
  public static ContainerdEngine open(EngineEndpoint endpoint) {
    return new GrpcContainerdEngine(channel(endpoint), endpoint);
  }

  /**
   * A client for the containerd of Drover's VM, whose root is an initramfs: tasks it starts are
   * created with runc's NoPivotRoot (pivot_root cannot leave an initramfs), as the guest's dockerd
   * runs with DOCKER_RAMDISK.
   */
  public static ContainerdEngine openInVm(EngineEndpoint endpoint) {
    return new GrpcContainerdEngine(channel(endpoint), endpoint, true);
  }

  static ManagedChannel channel(EngineEndpoint endpoint) {
    var host = endpoint.host();
    var scheme = host.getScheme() == null ? "" : host.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "unix" -> {
        if (host.getPath() == null || host.getPath().isBlank()) {
          throw new EngineException(
              "the containerd address "
                  + host
                  + " names no socket: write unix:///path/containerd.sock.");
        }
        // grpc-netty-shaded serves unix: targets itself, over epoll's domain sockets.
        yield Grpc.newChannelBuilder(
                unixTarget(host.getPath()), InsecureChannelCredentials.create())
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .build();
      }
      case "tcp" -> {
        if (host.getHost() == null || host.getPort() < 0) {
          throw new EngineException(
              "the containerd address " + host + " needs a host and a port: tcp://127.0.0.1:port.");
        }
        var folder =
            endpoint
                .tlsMaterial()
                .orElseThrow(
                    () ->
                        new EngineException(
                            "containerd at "
                                + host
                                + " is reached over TCP only with mutual TLS, and this endpoint names no "
                                + "certificate folder (ca.pem, cert.pem, key.pem). Use the VM's client certificates, or a unix socket."));
        yield TlsFirstChannels.open(
            host.getHost(), host.getPort(), tls(folder, host.toString()), MAX_MESSAGE_BYTES);
      }
      default ->
          throw new EngineException(
              "containerd cannot be reached at "
                  + host
                  + ": Drover speaks to containerd over unix:///path/containerd.sock or tcp://127.0.0.1:port with mutual TLS.");
    };
  }

  /** gRPC's "unix:/path" target, escaped: a socket path may hold spaces (a home folder's). */
  static String unixTarget(String path) {
    try {
      return new URI("unix", null, path, null).toString();
    } catch (URISyntaxException e) {
      throw new EngineException(
          "the containerd socket path " + path + " is not usable: " + e.getMessage(), e);
    }
  }

  /**
   * The client side of mutual TLS: trust only the folder's CA, and present its client certificate.
   * Without cert.pem and key.pem the handshake is still tried (containerd then refuses it, which
   * tells the user what is missing).
   */
  private static SslContext tls(Path folder, String where) {
    var ca = folder.resolve("ca.pem");
    var cert = folder.resolve("cert.pem");
    var key = folder.resolve("key.pem");
    if (!Files.isReadable(ca)) {
      throw new EngineException(
          "the certificate folder "
              + folder
              + " for containerd at "
              + where
              + " has no readable ca.pem: without it containerd's certificate cannot be checked.");
    }
    try {
      // no ALPN: the guest's TLS terminator does not negotiate it (see TlsFirstChannels)
      var builder = SslContextBuilder.forClient().trustManager(certificates(ca));
      if (Files.isReadable(cert) && Files.isReadable(key)) {
        builder.keyManager(privateKey(key), certificates(cert));
      }
      return builder.build();
    } catch (IOException | CertificateException e) {
      throw new EngineException(
          "the certificates in "
              + folder
              + " for containerd at "
              + where
              + " cannot be read: "
              + e.getMessage()
              + ". Recreate them (the VM writes them at its start).",
          e);
    }
  }

  private static X509Certificate[] certificates(Path pem) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(pem)) {
      var all = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (all.isEmpty())
        throw new CertificateException(pem.getFileName() + " holds no certificate");
      return all.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }
  }

  /**
   * Reads PKCS#1 ("RSA PRIVATE KEY", what the VM writes) and PKCS#8 keys alike: netty takes only a
   * key object or PKCS#8.
   */
  private static PrivateKey privateKey(Path pem) throws IOException {
    try (var parser = new PEMParser(Files.newBufferedReader(pem))) {
      var object = parser.readObject();
      var converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) return converter.getKeyPair(pair).getPrivate();
      if (object instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
      throw new SSLException(pem.getFileName() + " holds no unencrypted private key");
    }
  }
}
