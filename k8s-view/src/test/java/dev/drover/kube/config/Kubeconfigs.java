package dev.drover.kube.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Kubeconfig files as real tools write them. */
final class Kubeconfigs {

  private Kubeconfigs() {}

  /** What k3s writes to /etc/rancher/k3s/k3s.yaml. */
  static String k3sYaml(String caMarker) {
    return """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: %s
                    server: https://127.0.0.1:6443
                  name: default
                contexts:
                - context:
                    cluster: default
                    user: default
                  name: default
                current-context: default
                kind: Config
                preferences: {}
                users:
                - name: default
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """
        .formatted(b64("CA " + caMarker), b64("CERT " + caMarker), b64("KEY " + caMarker));
  }

  /**
   * A company-style kubeconfig with {@code count} contexts: certificate, token and exec (cloud CLI)
   * users, namespaces, proxies, extensions and preferences, the way kubectl, kind, EKS and GKE
   * tools leave them.
   */
  static String manyContexts(int count, String current) {
    var clusters = new StringBuilder();
    var contexts = new StringBuilder();
    var users = new StringBuilder();
    for (int i = 0; i < count; i++) {
      clusters.append(
          """
                    - cluster:
                        certificate-authority-data: %s
                        server: https://cluster-%d.example.com:6443
                    %s  name: cluster-%d
                    """
              .formatted(
                  b64("CA " + i),
                  i,
                  i % 7 == 0 ? "    proxy-url: http://proxy.corp:3128\n" : "",
                  i));
      contexts.append(
          """
                    - context:
                        cluster: cluster-%d
                        user: user-%d
                    %s  name: ctx-%d
                    """
              .formatted(i, i, i % 3 == 0 ? "    namespace: team-" + i + "\n" : "", i));
      users.append(
          switch (i % 3) {
            case 0 ->
                """
                        - name: user-%d
                          user:
                            client-certificate-data: %s
                            client-key-data: %s
                        """
                    .formatted(i, b64("CERT " + i), b64("KEY " + i));
            case 1 ->
                """
                        - name: user-%d
                          user:
                            token: %s
                        """
                    .formatted(i, tricky(i));
            default ->
                """
                        - name: user-%d
                          user:
                            exec:
                              apiVersion: client.authentication.k8s.io/v1beta1
                              command: aws
                              args:
                              - --region
                              - eu-west-1
                              - eks
                              - get-token
                              - --cluster-name
                              - cluster-%d
                              env:
                              - name: AWS_PROFILE
                                value: team-%d
                              interactiveMode: IfAvailable
                              provideClusterInfo: false
                        """
                    .formatted(i, i, i);
          });
    }
    return "apiVersion: v1\nkind: Config\ncurrent-context: "
        + current
        + "\npreferences:\n  colors: true\n"
        + "clusters:\n"
        + clusters
        + "contexts:\n"
        + contexts
        + "users:\n"
        + users
        + "extensions:\n- name: example.com/tool\n  extension:\n    kind: Setting\n    apiVersion: v1\n    mode: fast\n";
  }

  // Strings a YAML writer must keep quoted or they come back as numbers, booleans or null.
  private static String tricky(int i) {
    return switch (i % 5) {
      case 0 -> "\"12345\"";
      case 1 -> "\"true\"";
      case 2 -> "\"0x1F\"";
      case 3 -> "\"~\"";
      default -> "token-" + i + ":with colon";
    };
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
