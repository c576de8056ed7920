package dev.drover.kube.k3s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The k3s versions a user can pick: from the release channel server and GitHub's releases, kept in
 * the per-user cache, with a list shipped inside Drover for a first start without a network.
 *
 * <p>{@link #list()} never fails: when the site cannot be reached the cached list is used, and
 * without one the shipped list, each saying why in {@link K3sVersionList#problem()}. Blocking; call
 * it off the UI thread.
 */
public final class K3sVersions {

  /** A list fetched this recently is used as is; k3s releases a few times a month. */
  public static final Duration FRESH_FOR = Duration.ofHours(6);

  static final String CACHE_FILE = "versions.json";
  static final String BUNDLED_RESOURCE = "k3s-versions.json";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(K3sVersions.class);

  private final HttpClient http;
  private final K3sReleaseSite site;
  private final Path cacheFile;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();

  /**
   * @param cacheFolder Drover's per-user k3s cache folder (created when first needed)
   */
  public K3sVersions(HttpClient http, K3sReleaseSite site, Path cacheFolder, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.site = Objects.requireNonNull(site, "site");
    this.cacheFile = cacheFolder.resolve(CACHE_FILE);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public K3sVersions(HttpClient http, K3sReleaseSite site, Path cacheFolder) {
    this(http, site, cacheFolder, Clock.systemUTC());
  }

  /**
   * The list Drover already has, without going online: the cached one however old, else the shipped
   * one. For showing the choices; {@link #refresh()} is for when the user asks for newer ones.
   */
  public K3sVersionList known() {
    return cached().orElseGet(K3sVersions::bundled);
  }

  /** The cached list if it is fresh, otherwise as {@link #refresh()}. */
  public K3sVersionList list() {
    var cached = cached();
    if (cached.isPresent() && cached.get().fetchedAt().plus(FRESH_FOR).isAfter(clock.instant())) {
      return cached.get();
    }
    return refresh();
  }

  /**
   * The version to run: the pinned one, else the {@code stable} channel's. When the release site
   * cannot be reached, a version already downloaded beats a recommendation from an old list, so
   * Kubernetes still starts offline.
   *
   * @param downloaded versions in the binary cache, newest first ({@link
   *     K3sBinaries#cachedVersions})
   */
  public K3sVersion resolve(Optional<K3sVersion> pinned, List<K3sVersion> downloaded) {
    if (pinned.isPresent()) return pinned.get();
    var list = list();
    var recommended = list.recommended();
    if (list.source() != K3sVersionList.Source.ONLINE
        && !downloaded.isEmpty()
        && (recommended.isEmpty() || !downloaded.contains(recommended.get()))) {
      return downloaded.getFirst();
    }
    return recommended.orElseThrow(
        () -> new K3sException("No k3s version is known; pick one in Settings."));
  }

  /** Asks the release site now; falls back to the cache, then to the shipped list. */
  public K3sVersionList refresh() {
    try {
      var fetched = fetch();
      try {
        FilesAtomically.write(cacheFile, json.writeValueAsBytes(toJson(fetched)));
      } catch (IOException e) {
        LOG.warn("Could not cache the k3s version list in {}", cacheFile, e);
      }
      return fetched;
    } catch (K3sException e) {
      LOG.info("Using a stored k3s version list: {}", e.getMessage());
      var why = Optional.of(e.getMessage());
      return cached()
          .map(list -> list.from(K3sVersionList.Source.CACHE, why))
          .orElseGet(() -> bundled().from(K3sVersionList.Source.BUNDLED, why));
    }
  }

  /** The list shipped inside Drover. */
  public static K3sVersionList bundled() {
    try (InputStream in = K3sVersions.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null)
        throw new IllegalStateException("The shipped k3s version list is missing from the build");
      return fromJson(JsonMapper.builder().build().readTree(in), K3sVersionList.Source.BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<K3sVersionList> cached() {
    try {
      return Optional.of(
          fromJson(json.readTree(Files.readAllBytes(cacheFile)), K3sVersionList.Source.CACHE));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | JacksonException | IllegalArgumentException e) {
      LOG.warn("Ignoring the damaged k3s version cache {}", cacheFile, e);
      return Optional.empty();
    }
  }

  private K3sVersionList fetch() {
    var versions = new ArrayList<K3sVersion>();
    var channels = new LinkedHashMap<String, K3sVersion>();
    K3sException releasesFailure = null;
    K3sException channelsFailure = null;
    try {
      for (var release : get(site.releases())) {
        if (release.path("draft").asBoolean(false) || release.path("prerelease").asBoolean(false))
          continue;
        K3sVersion.parse(release.path("tag_name").asString("")).ifPresent(versions::add);
      }
    } catch (K3sException e) {
      releasesFailure = e;
    }
    try {
      for (var channel : get(site.channels()).path("data")) {
        var name = channel.path("id").asString("");
        var latest = K3sVersion.parse(channel.path("latest").asString(""));
        if (name.isEmpty() || latest.isEmpty()) continue;
        channels.put(name, latest.get());
        if (!latest.get().isReleaseCandidate()) versions.add(latest.get());
      }
    } catch (K3sException e) {
      channelsFailure = e;
    }
    // Either source alone gives a usable list; GitHub's anonymous rate limit often blocks the
    // releases API.
    if (releasesFailure != null && channelsFailure != null) throw channelsFailure;
    if (versions.isEmpty()) throw new K3sException("The k3s release site listed no versions");
    return new K3sVersionList(
        versions, channels, K3sVersionList.Source.ONLINE, clock.instant(), Optional.empty());
  }

  private JsonNode get(URI uri) {
    var request =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("User-Agent", K3sHttp.USER_AGENT)
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new K3sException(
            "The k3s version list could not be fetched: "
                + uri.getHost()
                + " answered HTTP "
                + response.statusCode());
      }
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new K3sException(
          "The k3s version list could not be fetched: " + K3sHttp.describe(uri, e), e);
    } catch (JacksonException e) {
      throw new K3sException(
          "The k3s version list from " + uri.getHost() + " could not be read", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new K3sException("Fetching the k3s version list was cancelled", e);
    }
  }

  private JsonNode toJson(K3sVersionList list) {
    var root = json.createObjectNode();
    root.put("fetchedAt", list.fetchedAt().toString());
    var channelsNode = root.putObject("channels");
    list.channels().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> channelsNode.put(e.getKey(), e.getValue().tag()));
    var versionsNode = root.putArray("versions");
    list.versions().forEach(v -> versionsNode.add(v.tag()));
    return root;
  }

  private static K3sVersionList fromJson(JsonNode root, K3sVersionList.Source source) {
    var channels = new LinkedHashMap<String, K3sVersion>();
    for (var entry : root.path("channels").properties()) {
      K3sVersion.parse(entry.getValue().asString(""))
          .ifPresent(v -> channels.put(entry.getKey(), v));
    }
    List<K3sVersion> versions = new ArrayList<>();
    for (var tag : root.path("versions"))
      K3sVersion.parse(tag.asString("")).ifPresent(versions::add);
    if (versions.isEmpty()) throw new IllegalArgumentException("no versions in the stored list");
    return new K3sVersionList(
        versions,
        channels,
        source,
        Instant.parse(root.path("fetchedAt").asString()),
        Optional.empty());
  }
}
