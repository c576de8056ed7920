package dev.drover.kube.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigMergerTest {

  private static final URI FORWARDED = URI.create("https://127.0.0.1:16443");

  @TempDir Path home;

  private final KubernetesSerialization yaml = new KubernetesSerialization();

  @Test
  void mergingIntoFiftyContextsLeavesEveryOtherEntryAsItWas() throws IOException {
    var file = kubeconfig(Kubeconfigs.manyContexts(50, "ctx-7"));
    var before = read(file);

    new KubeconfigMerger(KubeconfigFiles.of(file))
        .merge("drover", Kubeconfigs.k3sYaml("one"), FORWARDED, false);

    var after = read(file);
    assertThat(after.getContexts()).hasSize(51);
    assertThat(after.getClusters()).hasSize(51);
    assertThat(after.getUsers()).hasSize(51);
    assertThat(after.getContexts().subList(0, 50)).isEqualTo(before.getContexts());
    assertThat(after.getClusters().subList(0, 50)).isEqualTo(before.getClusters());
    assertThat(after.getUsers().subList(0, 50)).isEqualTo(before.getUsers());
    assertThat(after.getExtensions()).isEqualTo(before.getExtensions());
    assertThat(after.getPreferences()).isEqualTo(before.getPreferences());
    assertThat(after.getCurrentContext())
        .as("the user's current context is kept")
        .isEqualTo("ctx-7");
    var drover = after.getClusters().getLast();
    assertThat(drover.getName()).isEqualTo("drover");
    assertThat(drover.getCluster().getServer()).isEqualTo("https://127.0.0.1:16443");
    assertThat(drover.getCluster().getCertificateAuthorityData()).isNotBlank();
  }

  @Test
  void kubectlReadsTheMergedFile() throws Exception {
    var file = kubeconfig(Kubeconfigs.manyContexts(50, "ctx-0"));
    new KubeconfigMerger(KubeconfigFiles.of(file))
        .merge("drover", Kubeconfigs.k3sYaml("one"), FORWARDED, false);

    var contexts =
        kubectl(Map.of(), "config", "get-contexts", "-o", "name", "--kubeconfig", file.toString());
    var server =
        kubectl(
            Map.of(),
            "config",
            "view",
            "--kubeconfig",
            file.toString(),
            "-o",
            "jsonpath={.clusters[?(@.name==\"drover\")].cluster.server}");
    var exec =
        kubectl(
            Map.of(),
            "config",
            "view",
            "--kubeconfig",
            file.toString(),
            "-o",
            "jsonpath={.users[?(@.name==\"user-2\")].user.exec.args}");

    assertThat(contexts.lines()).hasSize(51).contains("drover", "ctx-49");
    assertThat(server).isEqualTo("https://127.0.0.1:16443");
    assertThat(exec).contains("get-token", "cluster-2");
  }

  @Test
  void anExistingDroverContextIsReplacedNotDuplicated() throws IOException {
    var file = kubeconfig(Kubeconfigs.manyContexts(5, "ctx-1"));
    var merger = new KubeconfigMerger(KubeconfigFiles.of(file));
    merger.merge("drover", Kubeconfigs.k3sYaml("old"), URI.create("https://127.0.0.1:6443"), false);

    merger.merge("drover", Kubeconfigs.k3sYaml("new"), FORWARDED, false);

    var after = read(file);
    assertThat(after.getContexts())
        .extracting(NamedContext::getName)
        .containsOnlyOnce("drover")
        .hasSize(6);
    var cluster =
        after.getClusters().stream()
            .filter(c -> c.getName().equals("drover"))
            .findFirst()
            .orElseThrow();
    assertThat(cluster.getCluster().getServer()).isEqualTo("https://127.0.0.1:16443");
    assertThat(decode(cluster.getCluster().getCertificateAuthorityData())).isEqualTo("CA new");
    var user =
        after.getUsers().stream()
            .filter(u -> u.getName().equals("drover"))
            .findFirst()
            .orElseThrow();
    assertThat(decode(user.getUser().getClientCertificateData())).isEqualTo("CERT new");
  }

  @Test
  void theReplacedFileIsKeptAsABackup() throws IOException {
    var original = Kubeconfigs.manyContexts(3, "ctx-0");
    var file = kubeconfig(original);

    new KubeconfigMerger(KubeconfigFiles.of(file))
        .merge("drover", Kubeconfigs.k3sYaml("one"), FORWARDED, false);

    var backup = file.resolveSibling("config" + KubeconfigMerger.BACKUP_SUFFIX);
    assertThat(backup).hasContent(original);
    assertThat(Files.getPosixFilePermissions(backup))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void theWrittenFileIsUserOnlyAndNoTemporaryFileRemains() throws IOException {
    var file = kubeconfig(Kubeconfigs.manyContexts(3, "ctx-0"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    new KubeconfigMerger(KubeconfigFiles.of(file))
        .merge("drover", Kubeconfigs.k3sYaml("one"), FORWARDED, false);

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(namesIn(file.getParent()))
        .containsExactlyInAnyOrder("config", "config.drover-backup");
  }

  @Test
  void aMissingFileAndFolderAreCreatedWithDroverCurrent() throws IOException {
    var file = home.resolve(".kube").resolve("config");

    new KubeconfigMerger(KubeconfigFiles.from(Map.of(), home, ":"))
        .merge("drover", Kubeconfigs.k3sYaml("one"), FORWARDED, false);

    var after = read(file);
    assertThat(after.getCurrentContext()).isEqualTo("drover");
    assertThat(after.getContexts()).extracting(NamedContext::getName).containsExactly("drover");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(file.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(namesIn(file.getParent())).containsExactly("config");
    var client =
        io.fabric8.kubernetes.client.Config.fromKubeconfig("drover", Files.readString(file), null);
    assertThat(client.getMasterUrl()).startsWith("https://127.0.0.1:16443");
  }

  @Test
  void withSeveralKubeconfigFilesTheFirstIsWrittenAndTheOthersAreNotTouched() throws Exception {
    var first = kubeconfig(home.resolve("a.yaml"), Kubeconfigs.manyContexts(2, "ctx-0"));
    var secondText = Kubeconfigs.manyContexts(4, "ctx-3").replace("ctx-", "other-");
    var second = kubeconfig(home.resolve("b.yaml"), secondText);
    var missingThird = home.resolve("c.yaml");
    var files =
        KubeconfigFiles.from(
            Map.of("KUBECONFIG", first + ":" + second + "::" + missingThird), home, ":");

    new KubeconfigMerger(files).merge("drover", Kubeconfigs.k3sYaml("one"), FORWARDED, false);

    assertThat(second).hasContent(secondText);
    assertThat(missingThird).doesNotExist();
    assertThat(read(first).getContexts()).extracting(NamedContext::getName).contains("drover");
    var seen =
        kubectl(Map.of("KUBECONFIG", first + ":" + second), "config", "get-contexts", "-o", "name");
    assertThat(seen.lines()).contains("drover", "ctx-1", "other-3");
  }

  @Test
  void aDamagedKubeconfigIsNeverOverwritten() throws IOException {
    var damaged = "apiVersion: v1\nclusters: [ { name: x\n";
    var file = kubeconfig(damaged);

    assertThatThrownBy(
            () ->
                new KubeconfigMerger(KubeconfigFiles.of(file))
                    .merge("drover", Kubeconfigs.k3sYaml("one"), FORWARDED, false))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining("is not a valid kubeconfig")
        .hasMessageContaining("Drover did not change it");
    assertThat(file).hasContent(damaged);
    assertThat(namesIn(file.getParent())).containsExactly("config");
  }

  @Test
  void removingDropsOnlyDroversEntries() throws IOException {
    var file = kubeconfig(Kubeconfigs.manyContexts(5, "ctx-1"));
    var before = read(file);
    var merger = new KubeconfigMerger(KubeconfigFiles.of(file));
    merger.merge("drover", Kubeconfigs.k3sYaml("one"), FORWARDED, true);

    merger.remove("drover");

    var after = read(file);
    assertThat(after.getContexts()).isEqualTo(before.getContexts());
    assertThat(after.getUsers()).isEqualTo(before.getUsers());
    assertThat(after.getClusters()).isEqualTo(before.getClusters());
    assertThat(after.getCurrentContext()).isEmpty();
  }

  @Test
  void aSymlinkedKubeconfigIsWrittenThrough() throws IOException {
    var managed =
        kubeconfig(home.resolve("dotfiles-kubeconfig"), Kubeconfigs.manyContexts(2, "ctx-0"));
    var link = home.resolve(".kube").resolve("config");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, managed);

    new KubeconfigMerger(KubeconfigFiles.of(link))
        .merge("drover", Kubeconfigs.k3sYaml("one"), FORWARDED, false);

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(read(managed).getContexts()).hasSize(3);
  }

  @Test
  void aLockHeldByAnotherProgramIsReported() throws IOException {
    var file = kubeconfig(Kubeconfigs.manyContexts(2, "ctx-0"));
    Files.createFile(file.resolveSibling("config.lock"));

    assertThatThrownBy(
            () ->
                new KubeconfigMerger(KubeconfigFiles.of(file))
                    .merge("drover", Kubeconfigs.k3sYaml("one"), FORWARDED, false))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining("Another program is changing your kubeconfig");
    assertThat(read(file).getContexts()).hasSize(2);
  }

  @Test
  void usingAContextChangesOnlyTheCurrentContextAndKeepsTheFileUserOnly() throws Exception {
    var file = kubeconfig(Kubeconfigs.manyContexts(5, "ctx-1"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    var before = read(file);

    var written = new KubeconfigMerger(KubeconfigFiles.of(file)).useContext("ctx-3");

    assertThat(written).isEqualTo(file);
    var after = read(file);
    assertThat(after.getCurrentContext()).isEqualTo("ctx-3");
    assertThat(after.getContexts()).isEqualTo(before.getContexts());
    assertThat(after.getClusters()).isEqualTo(before.getClusters());
    assertThat(after.getUsers()).isEqualTo(before.getUsers());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(namesIn(file.getParent()))
        .containsExactlyInAnyOrder("config", "config" + KubeconfigMerger.BACKUP_SUFFIX);
    assertThat(
            kubectl(Map.of(), "config", "current-context", "--kubeconfig", file.toString()).strip())
        .isEqualTo("ctx-3");
  }

  @Test
  void usingAContextWritesTheFileThatSetsTheCurrentContextAsKubectlDoes() throws IOException {
    var first =
        kubeconfig(
            home.resolve("a.yaml"),
            Kubeconfigs.manyContexts(2, "ctx-0")
                .replace("current-context: ctx-0", "current-context: \"\""));
    var firstText = Files.readString(first);
    var second =
        kubeconfig(
            home.resolve("b.yaml"), Kubeconfigs.manyContexts(3, "ctx-2").replace("ctx-", "other-"));
    var files = KubeconfigFiles.from(Map.of("KUBECONFIG", first + ":" + second), home, ":");

    var written = new KubeconfigMerger(files).useContext("ctx-1");

    assertThat(written).isEqualTo(second);
    assertThat(first).hasContent(firstText);
    assertThat(read(second).getCurrentContext()).isEqualTo("ctx-1");
  }

  @Test
  void usingAnUnknownContextChangesNothing() throws IOException {
    var file = kubeconfig(Kubeconfigs.manyContexts(2, "ctx-0"));
    var text = Files.readString(file);

    assertThatThrownBy(() -> new KubeconfigMerger(KubeconfigFiles.of(file)).useContext("gone"))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining("defines the context \"gone\"");
    assertThat(file).hasContent(text);
  }

  @Test
  void kubeconfigFilesFollowKubectlsRules() {
    assertThat(KubeconfigFiles.from(Map.of(), home, ":").files())
        .containsExactly(home.resolve(".kube/config"));
    assertThat(KubeconfigFiles.from(Map.of("KUBECONFIG", " "), home, ":").files())
        .containsExactly(home.resolve(".kube/config"));
    assertThat(KubeconfigFiles.from(Map.of("KUBECONFIG", "/a:/b:/a"), home, ":").files())
        .containsExactly(Path.of("/a"), Path.of("/b"));
    assertThat(
            KubeconfigFiles.from(Map.of("KUBECONFIG", "C:\\k\\a;C:\\k\\b"), home, ";")
                .writeTarget())
        .isEqualTo(Path.of("C:\\k\\a"));
  }

  private Path kubeconfig(String text) throws IOException {
    return kubeconfig(home.resolve(".kube").resolve("config"), text);
  }

  private static Path kubeconfig(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private Config read(Path file) throws IOException {
    return yaml.unmarshal(Files.readString(file), Config.class);
  }

  private static List<String> namesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String kubectl(Map<String, String> env, String... args) throws Exception {
    var kubectl =
        Stream.of(System.getenv("PATH").split(":"))
            .map(p -> Path.of(p, "kubectl"))
            .filter(Files::isExecutable)
            .findFirst();
    if (System.getenv("CI") == null)
      Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed");
    assertThat(kubectl).as("kubectl on PATH (required under CI)").isPresent();
    var command = new ArrayList<String>();
    command.add(kubectl.get().toString());
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("KUBECONFIG");
    builder.environment().putAll(env);
    var process = builder.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.strip();
  }
}
