package dev.drover.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A mutual-TLS port on loopback in front of a unix socket: the guest's TLS terminator in small.
 * containerd 1.6 serves its own API on its unix socket only (its {@code tcp_address} carries just
 * the services that register for TCP, i.e. CRI), so a VM that exposes containerd over TCP puts such
 * a terminator before it. It demands a client certificate signed by the CA in {@code ca.pem} and
 * offers HTTP/2 by ALPN, as gRPC clients require.
 */
final class TlsUnixForwarder implements AutoCloseable {

  private final SSLServerSocket server;
  private final Path socket;

  /**
   * @param serverFolder ca.pem, server-cert.pem and server-key.pem, as {@code VmCertificates}
   *     writes them
   */
  TlsUnixForwarder(Path serverFolder, int port, Path socket)
      throws IOException, GeneralSecurityException {
    this.socket = socket;
    var context = SSLContext.getInstance("TLS");
    context.init(keyManagers(serverFolder), trustManagers(serverFolder.resolve("ca.pem")), null);
    server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(port, 50, InetAddress.getLoopbackAddress());
    var parameters = server.getSSLParameters();
    parameters.setNeedClientAuth(true);
    parameters.setApplicationProtocols(new String[] {"h2"});
    server.setSSLParameters(parameters);
    Thread.ofVirtual().name("tls-forwarder").start(this::accept);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        var client = (SSLSocket) server.accept();
        Thread.ofVirtual().start(() -> forward(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void forward(SSLSocket client) {
    try (client;
        var backend = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      client.startHandshake(); // a client without a valid certificate ends here, with a TLS alert
      var upstream = Thread.ofVirtual().start(() -> pump(client, backend));
      pump(backend, client.getOutputStream());
      client.close(); // containerd ended the connection: end the client's too, as the guest's socat
      // does
      upstream.join();
    } catch (IOException | InterruptedException ended) {
      // the client, containerd or the handshake ended the connection: nothing to keep
    }
  }

  private static void pump(SSLSocket client, SocketChannel backend) {
    try {
      InputStream in = client.getInputStream();
      var buffer = new byte[16 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        var bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) backend.write(bytes);
      }
      backend.shutdownOutput();
    } catch (IOException ended) {
      try {
        backend.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }

  private static void pump(SocketChannel backend, OutputStream client) throws IOException {
    var buffer = ByteBuffer.allocate(16 * 1024);
    while (backend.read(buffer) >= 0) {
      client.write(buffer.array(), 0, buffer.position());
      client.flush();
      buffer.clear();
    }
  }

  private static KeyManager[] keyManagers(Path folder)
      throws IOException, GeneralSecurityException {
    PrivateKey key;
    try (var parser = new PEMParser(Files.newBufferedReader(folder.resolve("server-key.pem")))) {
      var object = parser.readObject();
      var converter = new JcaPEMKeyConverter();
      key =
          object instanceof PEMKeyPair pair
              ? converter.getKeyPair(pair).getPrivate()
              : converter.getPrivateKey((PrivateKeyInfo) object);
    }
    var store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", key, new char[0], certificates(folder.resolve("server-cert.pem")));
    var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, new char[0]);
    return factory.getKeyManagers();
  }

  private static TrustManager[] trustManagers(Path ca)
      throws IOException, GeneralSecurityException {
    var store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    var certificates = certificates(ca);
    for (int i = 0; i < certificates.length; i++)
      store.setCertificateEntry("ca" + i, certificates[i]);
    var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static Certificate[] certificates(Path pem) throws IOException, GeneralSecurityException {
    try (var in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509")
          .generateCertificates(in)
          .toArray(Certificate[]::new);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
