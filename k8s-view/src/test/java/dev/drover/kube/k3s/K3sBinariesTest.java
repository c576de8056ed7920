package dev.drover.kube.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K3sBinariesTest {

  private static final K3sVersion VERSION = K3sVersion.of("v1.31.2+k3s1");
  private static final String TAG_PATH = "/download/v1.31.2+k3s1/";

  @TempDir Path cache;

  private final HttpClient http = K3sHttp.newClient();
  private LocalReleaseServer release;
  private final byte[] binary = fakeBinary(300_000);

  @BeforeEach
  void startServer() throws IOException {
    release = new LocalReleaseServer();
  }

  @AfterEach
  void stopServer() {
    release.close();
    http.close();
  }

  @Test
  void downloadWithMatchingChecksumIsKeptExecutableAndReportsProgress() throws IOException {
    release.release(VERSION.tag(), K3sArch.AMD64, binary, LocalReleaseServer.sha256(binary));
    var progress = new ArrayList<long[]>();

    var path =
        binaries()
            .binary(
                VERSION, K3sArch.AMD64, (done, total) -> progress.add(new long[] {done, total}));

    assertThat(path).isEqualTo(cache.resolve("v1.31.2+k3s1").resolve("k3s"));
    assertThat(Files.readAllBytes(path)).isEqualTo(binary);
    assertThat(Files.getPosixFilePermissions(path)).contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(cache.resolve("v1.31.2+k3s1").resolve("sha256sum-amd64.txt")).exists();
    assertThat(progress).isNotEmpty();
    assertThat(progress.getLast()).containsExactly(binary.length, binary.length);
    assertThat(partialFiles()).isEmpty();
  }

  @Test
  void arm64UsesItsOwnAssetAndSumsFile() throws IOException {
    release.release(VERSION.tag(), K3sArch.ARM64, binary, LocalReleaseServer.sha256(binary));

    var path = binaries().binary(VERSION, K3sArch.ARM64, K3sBinaries.Progress.none());

    assertThat(path.getFileName()).hasToString("k3s-arm64");
    assertThat(release.requested)
        .contains(TAG_PATH + "k3s-arm64", TAG_PATH + "sha256sum-arm64.txt");
  }

  @Test
  void checksumMismatchIsAnErrorAndLeavesTheCacheClean() throws IOException {
    release.release(
        VERSION.tag(),
        K3sArch.AMD64,
        binary,
        LocalReleaseServer.sha256("something else".getBytes()));

    assertThatThrownBy(() -> binaries().binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("does not match its published checksum")
        .hasMessageContaining("not kept");
    assertThat(filesIn(cache)).isEmpty();
  }

  @Test
  void cutDownloadIsAnErrorAndLeavesTheCacheClean() throws IOException {
    try (var cutting = new CuttingServer()) {
      var sums = (LocalReleaseServer.sha256(binary) + "  k3s\n").getBytes(StandardCharsets.UTF_8);
      cutting.serve(TAG_PATH + "sha256sum-amd64.txt", sums, sums.length);
      cutting.serve(TAG_PATH + "k3s", Arrays.copyOf(binary, 100_000), binary.length);
      var site =
          new K3sReleaseSite(
              release.site().channels(),
              release.site().releases(),
              cutting.base().resolve("download/"));

      assertThatThrownBy(
              () ->
                  new K3sBinaries(http, site, cache)
                      .binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()))
          .isInstanceOf(K3sException.class)
          .hasMessageContaining("was cut off after")
          .hasMessageContaining("of 0.3 MB")
          .hasMessageContaining("nothing was kept");
    }
    assertThat(filesIn(cache)).isEmpty();
  }

  @Test
  void stalledDownloadIsGivenUpAndLeavesTheCacheClean() throws IOException {
    release.release(VERSION.tag(), K3sArch.AMD64, binary, LocalReleaseServer.sha256(binary));
    // The JDK server keeps the connection open after the short body: the client waits for bytes
    // that never come.
    release.serveCut(TAG_PATH + "k3s", Arrays.copyOf(binary, 100_000), binary.length);
    var binaries = new K3sBinaries(http, release.site(), cache, Duration.ofSeconds(2));

    assertThatThrownBy(() -> binaries.binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("no data arrived for 2 s")
        .hasMessageContaining("nothing was kept");
    assertThat(filesIn(cache)).isEmpty();
  }

  @Test
  void offlineWithACachedBinaryNeedsNoNetwork() throws IOException {
    release.release(VERSION.tag(), K3sArch.AMD64, binary, LocalReleaseServer.sha256(binary));
    var first = binaries().binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none());
    var site = release.site();
    release.close();

    var again =
        new K3sBinaries(http, site, cache)
            .binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none());

    assertThat(again).isEqualTo(first);
    assertThat(Files.readAllBytes(again)).isEqualTo(binary);
    assertThat(new K3sBinaries(http, site, cache).cachedVersions(K3sArch.AMD64))
        .containsExactly(VERSION);
    assertThat(new K3sBinaries(http, site, cache).cachedVersions(K3sArch.ARM64)).isEmpty();
  }

  @Test
  void offlineWithoutACachedBinaryExplainsWhat() throws IOException {
    var site = release.site();
    release.close();

    assertThatThrownBy(
            () ->
                new K3sBinaries(http, site, cache)
                    .binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("is not downloaded yet")
        .hasMessageContaining("are you offline?");
    assertThat(filesIn(cache)).isEmpty();
  }

  @Test
  void aDamagedCachedBinaryIsDownloadedAgain() throws IOException {
    release.release(VERSION.tag(), K3sArch.AMD64, binary, LocalReleaseServer.sha256(binary));
    var path = binaries().binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none());
    Files.write(path, "tampered".getBytes(StandardCharsets.UTF_8));

    var again = binaries().binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none());

    assertThat(Files.readAllBytes(again)).isEqualTo(binary);
    assertThat(release.requested.stream().filter(p -> p.equals(TAG_PATH + "k3s"))).hasSize(2);
  }

  @Test
  void aVersionWithoutTheBinaryAsksForAnotherVersion() {
    release.serve(TAG_PATH + "sha256sum-amd64.txt", "abc  other\n");

    assertThatThrownBy(() -> binaries().binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("has no entry for k3s")
        .hasMessageContaining("pick another version");
  }

  @Test
  void missingReleaseSaysSo() {
    assertThatThrownBy(() -> binaries().binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("has no sha256sum-amd64.txt");
  }

  @Test
  void leftoversOfAKilledDownloadAreCleared() throws IOException {
    var folder = Files.createDirectories(cache.resolve(VERSION.tag()));
    Files.writeString(folder.resolve(".k3s.123.part"), "half");
    release.release(VERSION.tag(), K3sArch.AMD64, binary, LocalReleaseServer.sha256(binary));

    binaries().binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none());

    assertThat(partialFiles()).isEmpty();
  }

  @Test
  void airgapImagesAreDownloadedVerifiedAndThenTakenFromTheCacheOffline() throws IOException {
    var images = fakeBinary(200_000);
    serveWithImages("k3s-airgap-images-amd64.tar.zst", images, LocalReleaseServer.sha256(images));
    binaries().binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none());

    var archive =
        binaries().airgapImages(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()).orElseThrow();

    assertThat(archive)
        .isEqualTo(cache.resolve(VERSION.tag()).resolve("k3s-airgap-images-amd64.tar.zst"));
    assertThat(Files.readAllBytes(archive)).isEqualTo(images);
    var site = release.site();
    release.close();
    assertThat(
            new K3sBinaries(http, site, cache)
                .airgapImages(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()))
        .as("a cached, verified archive needs no network")
        .hasValue(archive);
  }

  @Test
  void theBestArchiveFormatTheReleaseListsIsTaken() throws IOException {
    var images = fakeBinary(10_000);
    release.serve(TAG_PATH + "k3s-airgap-images-arm64.tar", images);
    release.serve(
        TAG_PATH + "sha256sum-arm64.txt",
        LocalReleaseServer.sha256(images) + "  k3s-airgap-images-arm64.tar\n");

    var archive = binaries().airgapImages(VERSION, K3sArch.ARM64, K3sBinaries.Progress.none());

    assertThat(archive)
        .hasValueSatisfying(
            a -> assertThat(a.getFileName()).hasToString("k3s-airgap-images-arm64.tar"));
  }

  @Test
  void aCorruptAirgapArchiveIsRefusedWithTheChecksumMessageAndNotKept() throws IOException {
    var images = fakeBinary(200_000);
    var corrupt = images.clone();
    corrupt[1000] ^= 1;
    serveWithImages("k3s-airgap-images-amd64.tar.zst", corrupt, LocalReleaseServer.sha256(images));
    var binary = binaries().binary(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none());

    assertThatThrownBy(
            () -> binaries().airgapImages(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("k3s-airgap-images-amd64.tar.zst")
        .hasMessageContaining("does not match its published checksum")
        .hasMessageContaining("not kept");
    assertThat(filesIn(cache))
        .as("only the verified binary and its sums")
        .containsExactlyInAnyOrder(
            binary, cache.resolve(VERSION.tag()).resolve("sha256sum-amd64.txt"));
  }

  @Test
  void aTruncatedAirgapArchiveIsRefusedAndNotKept() throws IOException {
    var images = fakeBinary(200_000);
    serveWithImages(
        "k3s-airgap-images-amd64.tar.zst",
        Arrays.copyOf(images, 150_000),
        LocalReleaseServer.sha256(images));

    assertThatThrownBy(
            () -> binaries().airgapImages(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("does not match its published checksum");
    assertThat(filesIn(cache)).noneMatch(p -> p.getFileName().toString().contains("airgap"));
  }

  @Test
  void aReleaseWithoutAnAirgapArchiveHasNone() throws IOException {
    release.release(VERSION.tag(), K3sArch.AMD64, binary, LocalReleaseServer.sha256(binary));

    assertThat(binaries().airgapImages(VERSION, K3sArch.AMD64, K3sBinaries.Progress.none()))
        .isEmpty();
  }

  /** The release with the binary and an airgap archive, its sums file listing {@code listed}. */
  private void serveWithImages(String asset, byte[] served, String listed) {
    release.serve(TAG_PATH + "k3s", binary);
    release.serve(TAG_PATH + asset, served);
    release.serve(
        TAG_PATH + "sha256sum-amd64.txt",
        LocalReleaseServer.sha256(binary) + "  k3s\n" + listed + "  " + asset + "\n");
  }

  private K3sBinaries binaries() {
    return new K3sBinaries(http, release.site(), cache);
  }

  private List<Path> partialFiles() throws IOException {
    return filesIn(cache).stream().filter(p -> p.toString().endsWith(".part")).toList();
  }

  private static List<Path> filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static byte[] fakeBinary(int size) {
    var bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }
}
