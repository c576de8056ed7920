package dev.drover.kube.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Following kubeconfig files on the real file system, as kubectl and dotfile managers change them.
 */
class KubeconfigWatchTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path home;
  private final AtomicInteger reports = new AtomicInteger();
  private KubeconfigWatch watch;

  @AfterEach
  void stop() {
    if (watch != null) watch.close();
  }

  private void follow(Path file) {
    watch = KubeconfigWatch.start(List.of(file), reports::incrementAndGet);
  }

  @Test
  void aKubeconfigThatIsALinkIsFollowedAtItsTarget() throws Exception {
    var dotfiles = Files.createDirectories(home.resolve("dotfiles"));
    var target = dotfiles.resolve("kubeconfig");
    Files.writeString(target, "apiVersion: v1\n");
    var kube = Files.createDirectories(home.resolve(".kube"));
    var link = Files.createSymbolicLink(kube.resolve("config"), target);
    follow(link);

    Files.writeString(target, "apiVersion: v1\nkind: Config\n");

    await("a change of the link's target is reported")
        .atMost(PATIENCE)
        .until(() -> reports.get() > 0);
  }

  @Test
  void aKubeconfigInAFolderMadeLaterIsFollowed() throws Exception {
    var config = home.resolve(".kube").resolve("config");
    var seen = new CopyOnWriteArrayList<String>();
    // What a reader of the file finds at each report.
    watch =
        KubeconfigWatch.start(
            List.of(config), () -> seen.add(Files.isRegularFile(config) ? read(config) : ""));

    Files.createDirectories(config.getParent());
    Files.writeString(config, "apiVersion: v1\n");

    await("a report after the file is written finds it")
        .atMost(PATIENCE)
        .until(() -> seen.contains("apiVersion: v1\n"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void nothingIsReportedAfterClosing() throws Exception {
    var config = home.resolve("config");
    follow(config);
    watch.close();
    int before = reports.get();

    Files.writeString(config, "apiVersion: v1\nkind: Config\n");
    // Another watch on the same file sees the change; the closed one stays quiet.
    var second = new AtomicInteger();
    try (var other = KubeconfigWatch.start(List.of(config), second::incrementAndGet)) {
      Files.writeString(config, "apiVersion: v1\nkind: Config\n# again\n");
      await().atMost(PATIENCE).until(() -> second.get() > 0);
    }
    assertThat(reports.get()).isEqualTo(before);
  }
}
