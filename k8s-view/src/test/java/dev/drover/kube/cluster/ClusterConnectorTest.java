package dev.drover.kube.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's connector against Fabric8's mock API server: a connection made ahead is the one the page gets. */
class ClusterConnectorTest {

    @TempDir
    Path home;
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
        return new Kubeconfigs(List.of(kubeconfig)).contexts().stream().filter(KubeContext::current).findFirst().orElseThrow();
    }

    @Test
    void theConnectionPreparedForAContextIsTheOneItsFirstOpeningGets() {
        connector.warmUp();
        connector.prepare(current());
        var prepared = connector.apply(current());
        try (prepared; var second = connector.apply(current())) {
            assertThat(second).as("a prepared connection is taken once").isNotSameAs(prepared);
            assertThat(prepared.check()).as("the prepared connection reaches the cluster").isNotBlank();
            assertThat(second.check()).isNotBlank();
        }
    }

    @Test
    void aKubeconfigChangedSincePreparingIsReadAgain() throws Exception {
        connector.prepare(current());
        // The user points the same context at another server (kubectl config set-cluster) before opening the page.
        var moved = Files.readString(kubeconfig).replace("server: " + cluster.url(), "server: http://127.0.0.1:1");
        Files.writeString(kubeconfig, moved);
        Files.setLastModifiedTime(kubeconfig, FileTime.from(Instant.now().plusSeconds(60)));
        try (var opened = connector.apply(current())) {
            assertThat(opened.server()).startsWith("http://127.0.0.1:1");
        }
    }

    @Test
    void connectionsShareTheWarmedMapper() {
        connector.warmUp();
        try (var one = connector.apply(current()); var two = connector.apply(current())) {
            assertThat(one.client().getKubernetesSerialization()).isSameAs(two.client().getKubernetesSerialization());
            assertThat(one.client().pods().inNamespace("shop").list().getItems()).isNotNull();
        }
    }
}
