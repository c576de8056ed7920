package dev.drover.kube.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's connector against Fabric8's mock API server: a connection made ahead is the one the
 * page gets.
 */
class ClusterConnectorTest {

  @TempDir Path home;
  private MockCluster cluster;
  private Path kubeconfig;
  private ClusterConnector connector;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster();
    kubeconfig = cluster.kubeconfig(home);
    connector = new ClusterConnector();
  }

  @AfterEach
  void stop() {
    connector.close();
    cluster.close();
  }

  private KubeContext current() {
    return new Kubeconfigs(List.of(kubeconfig))
        .contexts().stream().filter(KubeContext::current).findFirst().orElseThrow();
  }

  @Test
  void theConnectionPreparedForAContextIsTheOneItsFirstOpeningGets() {
    connector.warmUp();
    var made = connector.prepare(current());
    var first = connector.apply(current());
    try (first;
        var second = connector.apply(current())) {
      assertThat(first).isSameAs(made);
      assertThat(second).as("a prepared connection is taken once").isNotSameAs(first);
      assertThat(first.check()).as("the prepared connection reaches the cluster").isNotBlank();
      assertThat(second.check()).isNotBlank();
    }
  }

  @Test
  void nothingIsPreparedOnceAConnectionWasAskedForOrTheConnectorClosed() {
    try (var opened = connector.apply(current())) {
      assertThat(connector.prepare(current())).as("the page already has its own").isNull();
    }
    var closed = new ClusterConnector();
    closed.close();
    assertThat(closed.prepare(current())).isNull();
  }

  @Test
  void aUserWhoLogsInThroughAProgramGetsNoConnectionBeforeAsking() throws Exception {
    // Making the client would run the login program (here one that leaves a mark) at the app's
    // start.
    var mark = home.resolve("login-ran");
    var login = home.resolve("login.sh");
    Files.writeString(
        login,
        "#!/bin/sh\ntouch '"
            + mark
            + "'\n"
            + "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}'\n");
    login.toFile().setExecutable(true);
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig)
            .replace(
                "token: secret-token",
                "exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: "
                    + login
                    + "\n      interactiveMode: Never"));
    assertThat(connector.prepare(current())).isNull();
    assertThat(mark).doesNotExist();
    try (var opened = connector.apply(current())) {
      assertThat(mark).as("opening the context when asked runs its login").exists();
    }
  }

  @Test
  void aLoginProgramDefinedInAnotherKubeconfigFileIsNotRunBeforeAsking() throws Exception {
    // KUBECONFIG=config:users: the context is in the first file, its user (an exec login) in the
    // second.
    var mark = home.resolve("login-ran");
    var login = home.resolve("login.sh");
    Files.writeString(
        login,
        "#!/bin/sh\ntouch '"
            + mark
            + "'\n"
            + "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}'\n");
    login.toFile().setExecutable(true);
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig)
            .replace("user: tester, namespace: shop", "user: cloud, namespace: shop"));
    var users = home.resolve("users");
    Files.writeString(
        users,
        """
                apiVersion: v1
                kind: Config
                users:
                - name: cloud
                  user:
                    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: "%s", interactiveMode: Never}
                """
            .formatted(login));
    var current =
        new Kubeconfigs(List.of(kubeconfig, users))
            .contexts().stream().filter(KubeContext::current).findFirst().orElseThrow();

    assertThat(current.logsInThroughAProgram()).isTrue();
    assertThat(connector.prepare(current)).isNull();
    assertThat(mark).doesNotExist();
  }

  @Test
  void aContextRemovedSinceTheListWasReadIsNotReplacedByTheCurrentOne() throws Exception {
    var refused =
        new Kubeconfigs(List.of(kubeconfig))
            .contexts().stream().filter(c -> c.name().equals("refused")).findFirst().orElseThrow();
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig)
            .replace("- name: refused\n  context: {cluster: refused, user: tester}\n", ""));

    assertThatThrownBy(() -> connector.apply(refused))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "The context refused is no longer in "
                + kubeconfig
                + ". Pick one of the contexts listed now.");
  }

  @Test
  void aKubeconfigChangedSincePreparingIsReadAgain() throws Exception {
    connector.prepare(current());
    // The user points the same context at another server (kubectl config set-cluster) before
    // opening the page.
    var moved =
        Files.readString(kubeconfig)
            .replace("server: " + cluster.url(), "server: http://127.0.0.1:1");
    Files.writeString(kubeconfig, moved);
    Files.setLastModifiedTime(kubeconfig, FileTime.from(Instant.now().plusSeconds(60)));
    try (var opened = connector.apply(current())) {
      assertThat(opened.server()).startsWith("http://127.0.0.1:1");
    }
  }

  @Test
  void connectionsShareTheWarmedMapper() {
    connector.warmUp();
    try (var one = connector.apply(current());
        var two = connector.apply(current())) {
      assertThat(one.client().getKubernetesSerialization())
          .isSameAs(two.client().getKubernetesSerialization());
      assertThat(one.client().pods().inNamespace("shop").list().getItems()).isNotNull();
    }
  }
}
