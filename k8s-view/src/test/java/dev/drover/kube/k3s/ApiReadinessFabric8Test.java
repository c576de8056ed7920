package dev.drover.kube.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The readiness check Drover uses while a local cluster starts, against Fabric8's mock API server
 * over TLS: the kubeconfig trusts the server's own certificate, as k3s's kubeconfig trusts k3s's
 * CA.
 */
class ApiReadinessFabric8Test {

  private static final VersionInfo VERSION =
      new VersionInfo.Builder().withMajor("1").withMinor("31").withGitVersion("v1.31.2").build();

  private final ApiReadiness readiness = ApiReadiness.fabric8();
  private KubernetesMockServer server;
  private KubernetesMockServer stranger;

  @BeforeEach
  void startServers() {
    server = serverWithoutDefaultAnswers();
    stranger = serverWithoutDefaultAnswers();
  }

  /** The mock answers /version with 200 by default; these tests choose each answer themselves. */
  private static KubernetesMockServer serverWithoutDefaultAnswers() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    var mock =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            true);
    mock.init();
    responses.clear();
    return mock;
  }

  @AfterEach
  void stopServers() {
    server.destroy();
    stranger.destroy();
  }

  @Test
  void answersReadyOnceTheApiServerReportsItsVersion() throws Exception {
    server
        .expect()
        .get()
        .withPath("/version")
        .andReturn(
            200,
            new VersionInfo.Builder()
                .withMajor("1")
                .withMinor("31")
                .withGitVersion("v1.31.2")
                .build())
        .always();

    assertThat(readiness.ready(kubeconfig(server, certificateOf(server)), "local")).isTrue();
  }

  @Test
  void answersNotYetWhileTheApiServerIsUnavailable() throws Exception {
    server
        .expect()
        .get()
        .withPath("/version")
        .andReturn(503, new StatusBuilder().withCode(503).withMessage("starting").build())
        .always();

    assertThat(readiness.ready(kubeconfig(server, certificateOf(server)), "local")).isFalse();
  }

  @Test
  void answersNotYetWhileNothingListensOnThePort() throws Exception {
    var kubeconfig = kubeconfig(server, certificateOf(server));
    var port = URI.create(server.url("/")).getPort();
    server.destroy();

    assertThat(readiness.ready(kubeconfig, "local")).as("port %d closed", port).isFalse();
  }

  @Test
  void refusedCredentialsStopTheWaitWithAReasonTheUserCanActOn() throws Exception {
    server
        .expect()
        .get()
        .withPath("/version")
        .andReturn(401, new StatusBuilder().withCode(401).withMessage("Unauthorized").build())
        .always();
    var kubeconfig = kubeconfig(server, certificateOf(server));

    assertThatThrownBy(() -> readiness.ready(kubeconfig, "local"))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("refused the cluster's credentials")
        .hasMessageContaining("401")
        .hasMessageContaining("drover kube reset");
  }

  @Test
  void aServerCertificateTheKubeconfigDoesNotTrustStopsTheWaitWithAReason() throws Exception {
    server.expect().get().withPath("/version").andReturn(200, VERSION).always();
    var kubeconfig = kubeconfig(server, certificateOf(stranger));

    assertThatThrownBy(() -> readiness.ready(kubeconfig, "local"))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("certificate")
        .hasMessageContaining("does not trust")
        .hasMessageContaining("drover kube reset");
  }

  private static String kubeconfig(KubernetesMockServer server, String caPem) {
    var ca = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    return """
        apiVersion: v1
        kind: Config
        current-context: local
        clusters:
        - name: local
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: admin
          user:
            token: local-token
        contexts:
        - name: local
          context: {cluster: local, user: admin}
        """
        .formatted(server.url("/").replaceAll("/$", ""), ca);
  }

  /** The certificate a server presents, read without trusting it, as PEM. */
  private static String certificateOf(KubernetesMockServer server) throws Exception {
    var uri = URI.create(server.url("/"));
    var trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    var tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    try (var socket =
        (SSLSocket) tls.getSocketFactory().createSocket(uri.getHost(), uri.getPort())) {
      socket.startHandshake();
      var certificate = socket.getSession().getPeerCertificates()[0];
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    }
  }
}
