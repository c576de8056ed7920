package dev.drover.kube.k3s;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k3s server binaries in the per-user cache, downloaded from the release and verified against the
 * release's sha256 sums file before they are moved into place.
 *
 * <p>The cache holds only verified binaries: a download goes to a temporary file next to its final
 * place and is renamed only after its checksum matched, so a wrong checksum, a cut connection or a
 * crash leaves no file that a later start could mistake for a good one. Blocking; call off the UI
 * thread.
 */
public final class K3sBinaries {

  /** Download progress; called on the downloading thread, often, so a UI should coalesce. */
  @FunctionalInterface
  public interface Progress {
    /** Progress nobody watches. A factory, not a constant: no static fields of service types. */
    static Progress none() {
      return (done, total) -> {};
    }

    /**
     * @param total the size of the download, or -1 when the server did not say
     */
    void downloaded(long done, long total);
  }

  private static final Duration SUMS_TIMEOUT = Duration.ofSeconds(30);
  private static final String PARTIAL_SUFFIX = ".part";
  private static final Logger LOG = LoggerFactory.getLogger(K3sBinaries.class);

  private final Supplier<HttpClient> http;
  private final K3sReleaseSite site;
  private final Path cacheFolder;
  private final Duration stallTimeout;

  /**
   * @param cacheFolder Drover's per-user k3s cache folder; each version gets a folder inside it
   */
  public K3sBinaries(HttpClient http, K3sReleaseSite site, Path cacheFolder) {
    this(http, site, cacheFolder, Duration.ofSeconds(60));
  }

  /**
   * Makes its HTTP client on the first download: the app builds this service before its first
   * frame, and the HTTP stack is not needed for that.
   */
  public K3sBinaries(Supplier<HttpClient> http, K3sReleaseSite site, Path cacheFolder) {
    this.http = memoized(Objects.requireNonNull(http, "http"));
    this.site = Objects.requireNonNull(site, "site");
    this.cacheFolder = Objects.requireNonNull(cacheFolder, "cacheFolder");
    this.stallTimeout = Duration.ofSeconds(60);
  }

  private static Supplier<HttpClient> memoized(Supplier<HttpClient> make) {
    return new Supplier<>() {
      private HttpClient made;

      @Override
      public synchronized HttpClient get() {
        if (made == null) made = make.get();
        return made;
      }
    };
  }

  /**
   * @param stallTimeout how long a download may receive nothing before it is given up
   */
  public K3sBinaries(
      HttpClient http, K3sReleaseSite site, Path cacheFolder, Duration stallTimeout) {
    Objects.requireNonNull(http, "http");
    this.http = () -> http;
    this.site = Objects.requireNonNull(site, "site");
    this.cacheFolder = Objects.requireNonNull(cacheFolder, "cacheFolder");
    this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
  }

  /** Where a version's verified binary is kept. */
  public Path binaryPath(K3sVersion version, K3sArch arch) {
    return versionFolder(version).resolve(arch.binaryAsset());
  }

  /** The verified binary for {@code version}, from the cache or downloaded into it now. */
  public Path binary(K3sVersion version, K3sArch arch, Progress progress) {
    var cached = cached(version, arch);
    if (cached.isPresent()) return cached.get();
    var folder = versionFolder(version);
    try {
      Files.createDirectories(folder);
      removeLeftovers(folder);
    } catch (IOException e) {
      throw new K3sException(
          "The k3s download folder "
              + folder
              + " could not be prepared ("
              + e.getMessage()
              + "). Check that you can write to it.",
          e);
    }
    var sums = fetchSums(version, arch);
    var expected = expectedSum(sums, version, arch);
    var target = binaryPath(version, arch);
    download(version, arch.binaryAsset(), expected, target, true, progress);
    try {
      FilesAtomically.write(
          folder.resolve(arch.sumsAsset()), sums.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The binary is verified and in place; without the sums file it is only verified again next
      // time.
      LOG.warn("Could not keep the k3s sums file in {}", folder, e);
    }
    return target;
  }

  /**
   * The verified airgap image archive of {@code version} (k3s's own images, so a cluster starts
   * without a registry), from the cache or downloaded into it now, verified like the binary against
   * the release's sums file. Empty when the release publishes none for {@code arch}.
   */
  public Optional<Path> airgapImages(K3sVersion version, K3sArch arch, Progress progress) {
    var folder = versionFolder(version);
    var keptSums = folder.resolve(arch.sumsAsset());
    String sums = null;
    if (Files.isRegularFile(keptSums)) {
      try {
        sums = Files.readString(keptSums);
      } catch (IOException e) {
        LOG.warn("Could not read the kept k3s sums file {}; fetching it again", keptSums, e);
      }
    }
    if (sums == null) sums = fetchSums(version, arch);
    var listed = sums;
    var asset =
        arch.airgapImageAssets().stream()
            .filter(name -> listedSum(listed, name).isPresent())
            .findFirst();
    if (asset.isEmpty()) {
      LOG.info("k3s {} lists no airgap image archive for {}", version, arch);
      return Optional.empty();
    }
    var expected = listedSum(sums, asset.get()).orElseThrow();
    var target = folder.resolve(asset.get());
    try {
      if (Files.isRegularFile(target)) {
        if (expected.equals(sha256(target))) return Optional.of(target);
        LOG.warn("The cached {} no longer matches its checksum; downloading it again", target);
        Files.delete(target);
      }
      Files.createDirectories(folder);
      removeLeftovers(folder);
    } catch (IOException e) {
      throw new K3sException(
          "The k3s download folder "
              + folder
              + " could not be prepared ("
              + e.getMessage()
              + "). Check that you can write to it.",
          e);
    }
    download(version, asset.get(), expected, target, false, progress);
    return Optional.of(target);
  }

  /**
   * Versions whose binary for {@code arch} is in the cache, newest first; not re-verified (see
   * {@link #cached}).
   */
  public List<K3sVersion> cachedVersions(K3sArch arch) {
    if (!Files.isDirectory(cacheFolder)) return List.of();
    try (var folders = Files.list(cacheFolder)) {
      return folders
          .filter(
              folder ->
                  Files.isRegularFile(folder.resolve(arch.binaryAsset()))
                      && Files.isRegularFile(folder.resolve(arch.sumsAsset())))
          .flatMap(folder -> K3sVersion.parse(folder.getFileName().toString()).stream())
          .sorted()
          .toList();
    } catch (IOException e) {
      LOG.warn("Could not list the k3s cache {}", cacheFolder, e);
      return List.of();
    }
  }

  /** The cached binary if it is there and still matches the sums it was verified with. */
  public Optional<Path> cached(K3sVersion version, K3sArch arch) {
    var binary = binaryPath(version, arch);
    var sums = versionFolder(version).resolve(arch.sumsAsset());
    if (!Files.isRegularFile(binary) || !Files.isRegularFile(sums)) return Optional.empty();
    try {
      var expected = expectedSum(Files.readString(sums), version, arch);
      if (expected.equals(sha256(binary))) return Optional.of(binary);
      LOG.warn("The cached {} no longer matches its checksum; downloading it again", binary);
    } catch (IOException | K3sException e) {
      LOG.warn("The cached {} could not be verified; downloading it again", binary, e);
    }
    try {
      Files.deleteIfExists(binary);
      Files.deleteIfExists(sums);
    } catch (IOException e) {
      LOG.warn("Could not remove the damaged cached {}", binary, e);
    }
    return Optional.empty();
  }

  private Path versionFolder(K3sVersion version) {
    return cacheFolder.resolve(version.tag());
  }

  private String fetchSums(K3sVersion version, K3sArch arch) {
    var uri = site.asset(version, arch.sumsAsset());
    var request =
        HttpRequest.newBuilder(uri)
            .timeout(SUMS_TIMEOUT)
            .header("User-Agent", K3sHttp.USER_AGENT)
            .build();
    try {
      var response =
          http.get().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      checkStatus(response.statusCode(), version, arch.sumsAsset(), uri);
      return response.body();
    } catch (IOException e) {
      throw unreachable(version, uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new K3sException("The k3s " + version + " download was cancelled", e);
    }
  }

  private void download(
      K3sVersion version,
      String asset,
      String expected,
      Path target,
      boolean executable,
      Progress progress) {
    var uri = site.asset(version, asset);
    var request = HttpRequest.newBuilder(uri).header("User-Agent", K3sHttp.USER_AGENT).build();
    Path partial = null;
    HashingFileWriter writer = null;
    try {
      partial =
          Files.createTempFile(
              target.getParent(), "." + target.getFileName() + ".", PARTIAL_SUFFIX);
      writer = new HashingFileWriter(partial, progress);
      var body = writer;
      var exchange =
          http.get()
              .sendAsync(
                  request,
                  info -> {
                    if (info.statusCode() != 200)
                      return HttpResponse.BodySubscribers.replacing(null);
                    body.expect(info.headers().firstValueAsLong("Content-Length").orElse(-1));
                    return HttpResponse.BodySubscribers.fromSubscriber(body);
                  });
      var response = awaitWithoutStall(exchange, writer);
      checkStatus(response.statusCode(), version, asset, uri);
      writer.finish();
      var actual = writer.sha256();
      if (!actual.equals(expected)) {
        throw new K3sException(
            "The downloaded k3s "
                + version
                + " ("
                + asset
                + ") does not match its published checksum, so it was not kept: it was damaged or altered"
                + " on the way. Try again later or from another network.");
      }
      if (executable) makeExecutable(partial);
      FilesAtomically.moveIntoPlace(partial, target);
      partial = null;
    } catch (IOException e) {
      long done = writer == null ? 0 : writer.done();
      long total = writer == null ? -1 : writer.total();
      if (done == 0 && K3sHttp.isOffline(e)) throw unreachable(version, uri, e);
      throw new K3sException(
          "The k3s "
              + version
              + " download was cut off after "
              + megabytes(done)
              + (total > 0 ? " of " + megabytes(total) : "")
              + " ("
              + K3sHttp.describe(uri, e)
              + "); nothing was kept. Try again.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new K3sException("The k3s " + version + " download was cancelled; nothing was kept", e);
    } finally {
      if (writer != null) writer.closeQuietly();
      if (partial != null) deleteQuietly(partial);
    }
  }

  /**
   * Waits for the whole body, giving up when no byte arrives for {@link #stallTimeout}: a request
   * timeout would also end slow but healthy downloads of a 70 MB binary, and a server that stops
   * sending must not hang forever.
   */
  private HttpResponse<Void> awaitWithoutStall(
      CompletableFuture<HttpResponse<Void>> exchange, HashingFileWriter writer)
      throws IOException, InterruptedException {
    while (true) {
      try {
        return exchange.get(Math.min(stallTimeout.toMillis(), 1000), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (writer.writeFailure() != null) {
          exchange.cancel(true);
          throw writer.writeFailure();
        }
        if (writer.quietFor().compareTo(stallTimeout) >= 0) {
          exchange.cancel(true);
          throw new IOException("no data arrived for " + stallTimeout.toSeconds() + " s");
        }
      } catch (InterruptedException e) {
        exchange.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        var cause = e.getCause();
        if (cause instanceof IOException io) throw io;
        if (cause instanceof K3sException k3s) throw k3s;
        throw new IOException(cause == null ? "download failed" : cause.getMessage(), cause);
      }
    }
  }

  private static void checkStatus(int status, K3sVersion version, String asset, URI uri) {
    if (status == 200) return;
    if (status == 404) {
      throw new K3sException(
          "k3s "
              + version
              + " has no "
              + asset
              + " on "
              + uri.getHost()
              + "; pick another version in Settings.");
    }
    throw new K3sException(
        "The k3s "
            + version
            + " download failed: "
            + uri.getHost()
            + " answered HTTP "
            + status
            + ". Try again later.");
  }

  private static K3sException unreachable(K3sVersion version, URI uri, IOException e) {
    if (K3sHttp.isOffline(e)) {
      return new K3sException(
          "k3s "
              + version
              + " is not downloaded yet and "
              + uri.getHost()
              + " could not be reached (are you offline?). Connect to the internet once so Drover can download"
              + " it; after that Kubernetes starts offline.",
          e);
    }
    return new K3sException(
        "The k3s " + version + " download failed: " + K3sHttp.describe(uri, e) + ". Try again.", e);
  }

  /**
   * The sum for this architecture's binary in a {@code sha256sum} listing ({@code <hex> <name>}
   * lines).
   */
  static String expectedSum(String sums, K3sVersion version, K3sArch arch) {
    return listedSum(sums, arch.binaryAsset())
        .orElseThrow(
            () ->
                new K3sException(
                    "The checksum list of k3s "
                        + version
                        + " has no entry for "
                        + arch.binaryAsset()
                        + ", so the download cannot be verified; pick another version in Settings."));
  }

  /** The sum listed for {@code asset} in a {@code sha256sum} listing, if it has one. */
  static Optional<String> listedSum(String sums, String asset) {
    for (var line : sums.lines().toList()) {
      var parts = line.strip().split("\\s+");
      if (parts.length == 2
          && parts[1].replaceFirst("^\\*", "").equals(asset)
          && parts[0].matches("(?i)[0-9a-f]{64}")) {
        return Optional.of(parts[0].toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  static String sha256(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      var digest = MessageDigest.getInstance("SHA-256");
      var buffer = new byte[64 * 1024];
      for (int read; (read = in.read(buffer)) >= 0; ) digest.update(buffer, 0, read);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This Java runtime has no SHA-256", e);
    }
  }

  // A download killed with the app leaves its temporary file; it is never resumed, so clear it.
  private static void removeLeftovers(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      files
          .filter(f -> f.getFileName().toString().endsWith(PARTIAL_SUFFIX))
          .forEach(K3sBinaries::deleteQuietly);
    }
  }

  private static void makeExecutable(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not remove {}", file, e);
    }
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
  }
}
