package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigMerger;
import dev.drover.kube.k3s.K3sBinaries;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sReleaseSite;
import dev.drover.kube.k3s.K3sVersion;
import dev.drover.kube.k3s.K3sVersions;
import dev.drover.vm.host.UserFolders;
import dev.drover.vm.instance.VmInstance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drover kube …} in this process: the real k3s services on a fake guest, a release site that
 * refuses connections (so the shipped version list is used), and the VM started by {@code drover vm
 * start} on the fake driver.
 */
class KubeCommandsTest {

  private static final K3sVersion CACHED = K3sVersion.of("v1.31.2+k3s1");

  @TempDir Path home;

  private final FakeK3sGuest guest = new FakeK3sGuest();
  private final AtomicInteger connects = new AtomicInteger();
  private final List<Thread> owners = new ArrayList<>();
  private URI offlineSite;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void offlineReleaseSite() throws IOException {
    try (var socket = new ServerSocket(0)) {
      offlineSite = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }
  }

  @AfterEach
  void stopTheVm() throws InterruptedException {
    drover("vm", "stop");
    for (var owner : owners) owner.join(Duration.ofSeconds(20));
  }

  private CliEnvironment env() {
    var folders = UserFolders.forUser(Map.of("DROVER_CONFIG_HOME", home.toString()), home, "Linux");
    var instance =
        VmInstance.forUser(Map.of("DROVER_CONFIG_HOME", home.toString()), home, "Linux", "drover");
    var holder = new CliEnvironment[1];
    holder[0] =
        new CliEnvironment(
            instance,
            folders,
            FakeVmDriver.drivers(home.resolve("starts.txt"), null),
            vm -> {
              owners.add(
                  Thread.ofVirtual()
                      .start(() -> DroverCli.commandLine(holder[0]).execute("vm", "serve")));
              return null;
            },
            Duration.ofSeconds(30));
    return holder[0];
  }

  private KubeServices kube() {
    var cache = home.resolve("cache/k3s");
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    var site = K3sReleaseSite.at(offlineSite);
    return new KubeServices(
        () -> new K3sVersions(http, site, cache),
        () -> new K3sBinaries(http, site, cache),
        running -> {
          connects.incrementAndGet();
          return guest;
        },
        reached ->
            new K3sCluster(
                reached,
                new K3sBinaries(http, site, cache),
                new KubeconfigMerger(KubeconfigFiles.of(kubeconfig())),
                (kubeconfig, context) -> true,
                Duration.ofSeconds(30)));
  }

  private Path kubeconfig() {
    return home.resolve("kube/config");
  }

  private Run drover(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var command = DroverCli.commandLine(env(), kube());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    var code = command.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private void cacheBinary(K3sVersion version) throws Exception {
    OfflineCliMain.cacheBinary(home, version);
  }

  private void settings(String json) throws IOException {
    Files.createDirectories(home);
    Files.writeString(home.resolve("settings.json"), json);
  }

  private void startVm() {
    var start = drover("vm", "start");
    assertThat(start.exitCode()).as(start.err()).isZero();
  }

  @Test
  void clusterCommandsWithoutARunningVmSayHowToStartItAndFail() {
    for (var command :
        List.of(
            List.of("status"), List.of("enable"), List.of("disable"), List.of("reset", "--yes"))) {
      var args = new ArrayList<>(List.of("kube"));
      args.addAll(command);
      var run = drover(args.toArray(String[]::new));

      assertThat(run.exitCode()).as("kube " + command).isEqualTo(1);
      assertThat(run.err())
          .as("kube " + command)
          .contains("The Drover VM is not running", "start it with `drover vm start`");
    }
    assertThat(connects).as("the guest is never asked for without a VM").hasValue(0);
  }

  @Test
  void versionsOfflineListTheShippedVersionsAndSayWhy() {
    var shipped = K3sVersions.bundled();

    var run = drover("kube", "versions");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Offline: the list shipped with Drover")
        .contains(shipped.recommended().orElseThrow().tag() + "  (")
        .contains("Recommended: " + shipped.recommended().orElseThrow().tag());
    assertThat(run.out().lines().filter(line -> line.startsWith("v")))
        .hasSize(shipped.versions().size());
  }

  @Test
  void versionsJsonIsTheShippedListWithItsChannelsAndTheSettingsPick() throws Exception {
    var shipped = K3sVersions.bundled();
    var pick = shipped.versions().getLast();
    settings(
        "{\"kubernetes\":{\"enabled\":false,\"k3sVersion\":\""
            + pick.tag()
            + "\",\"traefik\":true}}");

    var run = drover("kube", "versions", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    var json = new ObjectMapper().readTree(run.out());
    assertThat(json.path("source").asText()).isEqualTo("bundled");
    assertThat(json.path("problem").asText()).isNotBlank();
    assertThat(json.path("recommended").asText())
        .isEqualTo(shipped.recommended().orElseThrow().tag());
    assertThat(json.path("pinned").asText()).isEqualTo(pick.tag());
    var tags = new ArrayList<String>();
    json.path("versions").forEach(v -> tags.add(v.path("version").asText()));
    assertThat(tags)
        .containsExactlyElementsOf(shipped.versions().stream().map(K3sVersion::tag).toList());
    var stable = shipped.recommended().orElseThrow();
    json.path("versions")
        .forEach(
            v -> {
              if (v.path("version").asText().equals(stable.tag())) {
                assertThat(v.path("channels").toString()).contains("\"stable\"");
              }
            });
  }

  @Test
  void enableRunsTheSettingsVersionWithoutTraefikAndMergesTheContext() throws Exception {
    cacheBinary(CACHED);
    settings(
        "{\"kubernetes\":{\"enabled\":false,\"k3sVersion\":\""
            + CACHED.tag()
            + "\",\"traefik\":false}}");
    startVm();

    var run = drover("kube", "enable");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "Installing k3s in the VM",
            "Kubernetes: Running",
            "Version:    " + CACHED.tag(),
            "API:        https://127.0.0.1:6443 (kubectl context \"drover\")");
    assertThat(guest.running).isTrue();
    assertThat(guest.file("/etc/rancher/k3s/config.yaml")).contains("disable:\n  - traefik");
    assertThat(Files.readString(kubeconfig()))
        .contains("name: \"drover\"", "server: \"https://127.0.0.1:6443\"");
  }

  @Test
  void enableJsonKeepsStdoutForTheStatusAndTheOptionsOverrideSettings() throws Exception {
    cacheBinary(CACHED);
    settings("{\"kubernetes\":{\"traefik\":false}}");
    startVm();

    var run = drover("kube", "enable", "--k3s-version", CACHED.tag(), "--traefik", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    var json = new ObjectMapper().readTree(run.out());
    assertThat(json.path("state").asText()).isEqualTo("RUNNING");
    assertThat(json.path("version").asText()).isEqualTo(CACHED.tag());
    assertThat(json.path("apiPort").asInt()).isEqualTo(6443);
    assertThat(json.path("context").asText()).isEqualTo("drover");
    assertThat(run.err()).as("progress goes to stderr").contains("Starting k3s");
    assertThat(guest.file("/etc/rancher/k3s/config.yaml")).doesNotContain("traefik");
  }

  @Test
  void disableStopsK3sAndStatusSaysKubernetesIsOff() throws Exception {
    cacheBinary(CACHED);
    startVm();
    assertThat(drover("kube", "enable", "--k3s-version", CACHED.tag()).exitCode()).isZero();

    var disable = drover("kube", "disable");
    var status = drover("kube", "status", "--json");

    assertThat(disable.exitCode()).as(disable.err()).isZero();
    assertThat(disable.out()).contains("Kubernetes: Stopped");
    assertThat(guest.running).isFalse();
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(new ObjectMapper().readTree(status.out()).path("state").asText())
        .isEqualTo("STOPPED");
  }

  @Test
  void theApiForwardOutlivesEnableStatusFindsItAndDisableRemovesIt() throws Exception {
    cacheBinary(CACHED);
    startVm();

    assertThat(drover("kube", "enable", "--k3s-version", CACHED.tag()).exitCode()).isZero();
    assertThat(guest.forwards)
        .as("left for kubectl after the command ended")
        .containsEntry(6443, 6443);

    var status = drover("kube", "status", "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    var json = new ObjectMapper().readTree(status.out());
    assertThat(json.path("state").asText()).isEqualTo("RUNNING");
    assertThat(json.path("apiPort").asInt()).isEqualTo(6443);
    assertThat(json.path("version").asText()).isEqualTo(CACHED.tag());

    assertThat(drover("kube", "enable", "--k3s-version", CACHED.tag()).exitCode())
        .as("enabling again replaces the forward rather than adding a second")
        .isZero();
    assertThat(guest.forwards).containsExactly(Map.entry(6443, 6443));

    assertThat(drover("kube", "disable").exitCode()).isZero();
    assertThat(guest.forwards).isEmpty();
  }

  @Test
  void resetAsksForYesAndThenStartsAFreshCluster() throws Exception {
    cacheBinary(CACHED);
    startVm();

    var unconfirmed = drover("kube", "reset");
    assertThat(unconfirmed.exitCode()).isEqualTo(1);
    assertThat(unconfirmed.err()).contains("Add --yes to confirm");
    assertThat(connects).hasValue(0);

    var reset = drover("kube", "reset", "--yes", "--k3s-version", CACHED.tag());
    assertThat(reset.exitCode()).as(reset.err()).isZero();
    assertThat(reset.out()).contains("Removing the cluster's data", "Kubernetes: Running");
  }

  @Test
  void anInvalidVersionIsRefusedWithWhereToFindValidOnes() {
    startVm();

    var run = drover("kube", "enable", "--k3s-version", "1.31-latest");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("\"1.31-latest\" is not a k3s version", "drover kube versions");
    assertThat(guest.running).isFalse();
  }
}
