package dev.drover.kube.k3s;

import java.net.URI;
import java.util.Objects;

/**
 * Where k3s versions and binaries come from. Tests and mirrors point these at another server.
 *
 * @param channels the release channel server's list ({@code latest}, {@code stable}, one per minor
 *     line)
 * @param releases the GitHub API's list of releases, newest first
 * @param downloads the base of release downloads; an asset is at {@code <downloads>/<tag>/<asset>}
 */
public record K3sReleaseSite(URI channels, URI releases, URI downloads) {

  public K3sReleaseSite {
    Objects.requireNonNull(channels, "channels");
    Objects.requireNonNull(releases, "releases");
    Objects.requireNonNull(downloads, "downloads");
  }

  public static K3sReleaseSite github() {
    return new K3sReleaseSite(
        URI.create("https://update.k3s.io/v1-release/channels"),
        URI.create("https://api.github.com/repos/k3s-io/k3s/releases?per_page=100"),
        URI.create("https://github.com/k3s-io/k3s/releases/download/"));
  }

  /** The same layout on another server (a mirror, or a test's local server) at {@code base}. */
  public static K3sReleaseSite at(URI base) {
    var root = base.toString().endsWith("/") ? base : URI.create(base + "/");
    return new K3sReleaseSite(
        root.resolve("v1-release/channels"), root.resolve("releases"), root.resolve("download/"));
  }

  /** The address of a release asset; the {@code +} in tags is escaped as GitHub's own links do. */
  public URI asset(K3sVersion version, String asset) {
    var base = downloads.toString().endsWith("/") ? downloads.toString() : downloads + "/";
    return URI.create(base + version.tag().replace("+", "%2B") + "/" + asset);
  }
}
