package dev.drover.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientConfigDelegate;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/** Opens docker-java clients for an endpoint, honouring its TLS material. */
public final class DockerClients {

  /**
   * docker-java gives every client a copy of its JSON mapper, and each copy builds its
   * deserializers again (the engine's info and version, events, inspect results) on its first use
   * of them: the app opens clients at every connection. One mapper, as docker-java configures it
   * and never changes it afterwards, keeps them; it is safe to share between threads.
   */
  private static final ObjectMapper JSON = DockerClientConfig.getDefaultObjectMapper();

  private DockerClients() {}

  /**
   * A client for ordinary requests. The response timeout keeps a hung engine from hanging the
   * caller; {@code null} leaves it unbounded, which only an event or log stream should ask for.
   */
  public static DockerClient open(EngineEndpoint endpoint, Duration responseTimeout) {
    return open(endpoint, responseTimeout, Duration.ofSeconds(5));
  }

  /**
   * As above, allowing {@code connectionTimeout} for the connection and its TLS handshake: an
   * engine in an emulated VM that is busy (installing k3s, say) can take longer than the usual few
   * seconds to shake hands.
   */
  public static DockerClient open(
      EngineEndpoint endpoint, Duration responseTimeout, Duration connectionTimeout) {
    // docker-java speaks TLS only when asked to verify: with certificates at hand Drover always
    // verifies, rather
    // than send plain HTTP to a TLS port (a context's SkipTLSVerify is not honoured, deliberately).
    var config =
        new DefaultDockerClientConfig.Builder()
            .withDockerHost(endpoint.host().toString())
            .withDockerTlsVerify(endpoint.tlsMaterial().isPresent());
    endpoint.tlsMaterial().ifPresent(folder -> config.withDockerCertPath(folder.toString()));
    var clientConfig = config.build();
    var http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(clientConfig.getDockerHost())
            .sslConfig(clientConfig.getSSLConfig())
            .connectionTimeout(connectionTimeout)
            .responseTimeout(responseTimeout)
            .maxConnections(32)
            .build();
    return DockerClientImpl.getInstance(
        new DockerClientConfigDelegate(clientConfig) {
          @Override
          public ObjectMapper getObjectMapper() {
            return JSON;
          }
        },
        http);
  }
}
