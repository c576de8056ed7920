package dev.drover.kube.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K3sVersionsTest {

  private static final String CHANNELS =
      """
            {"type":"collection","resourceType":"channels","data":[
              {"id":"stable","type":"channel","name":"stable","latest":"v1.32.5+k3s1"},
              {"id":"latest","type":"channel","name":"latest","latest":"v1.33.1+k3s1"},
              {"id":"testing","type":"channel","name":"testing","latest":"v1.34.0-rc1+k3s1"},
              {"id":"v1.30","type":"channel","name":"v1.30","latest":"v1.30.13+k3s1"}
            ]}""";
  private static final String RELEASES =
      """
            [{"tag_name":"v1.34.0-rc1+k3s1","prerelease":true,"draft":false},
             {"tag_name":"v1.33.1+k3s1","prerelease":false,"draft":false},
             {"tag_name":"v1.32.5+k3s1","prerelease":false,"draft":false},
             {"tag_name":"v1.32.4+k3s2","prerelease":false,"draft":false},
             {"tag_name":"v1.32.4+k3s1","prerelease":false,"draft":false},
             {"tag_name":"not-a-version","prerelease":false,"draft":false}]""";

  @TempDir Path cache;

  private final HttpClient http = K3sHttp.newClient();
  private final Instant now = Instant.parse("2026-11-27T12:00:00Z");
  private LocalReleaseServer site;

  @BeforeEach
  void startServer() throws IOException {
    site = new LocalReleaseServer();
  }

  @AfterEach
  void stop() {
    site.close();
    http.close();
  }

  @Test
  void onlineListJoinsReleasesAndChannelsNewestFirstWithoutPrereleases() {
    serveBoth();

    var list = versions(now).list();

    assertThat(list.source()).isEqualTo(K3sVersionList.Source.ONLINE);
    assertThat(list.versions())
        .extracting(K3sVersion::tag)
        .containsExactly(
            "v1.33.1+k3s1", "v1.32.5+k3s1", "v1.32.4+k3s2", "v1.32.4+k3s1", "v1.30.13+k3s1");
    assertThat(list.recommended()).contains(K3sVersion.of("v1.32.5+k3s1"));
    assertThat(list.channelsOf(K3sVersion.of("v1.33.1+k3s1"))).containsExactly("latest");
    assertThat(list.problem()).isEmpty();
  }

  @Test
  void channelsAloneAreEnoughWhenGithubRefuses() {
    site.serve("/v1-release/channels", CHANNELS);
    site.fail("/releases", 403);

    var list = versions(now).refresh();

    assertThat(list.source()).isEqualTo(K3sVersionList.Source.ONLINE);
    assertThat(list.versions())
        .extracting(K3sVersion::tag)
        .containsExactly("v1.33.1+k3s1", "v1.32.5+k3s1", "v1.30.13+k3s1");
  }

  @Test
  void aFreshCacheIsUsedWithoutAskingAgain() {
    serveBoth();
    versions(now).list();
    var before = site.requested.size();

    var later = versions(now.plus(Duration.ofHours(1))).list();

    assertThat(site.requested).hasSize(before);
    assertThat(later.source()).isEqualTo(K3sVersionList.Source.CACHE);
    assertThat(later.versions()).hasSize(5);
    assertThat(later.recommended()).contains(K3sVersion.of("v1.32.5+k3s1"));
  }

  @Test
  void offlineWithCacheUsesTheCacheAndSaysWhy() {
    serveBoth();
    versions(now).list();
    site.close();

    var later = versions(now.plus(Duration.ofDays(2))).list();

    assertThat(later.source()).isEqualTo(K3sVersionList.Source.CACHE);
    assertThat(later.versions()).hasSize(5);
    assertThat(later.problem()).get().asString().contains("are you offline?");
  }

  @Test
  void offlineWithoutCacheUsesTheShippedList() {
    site.close();

    var list = versions(now).list();

    assertThat(list.source()).isEqualTo(K3sVersionList.Source.BUNDLED);
    assertThat(list.versions()).isNotEmpty();
    assertThat(list.recommended()).isPresent();
    assertThat(list.problem()).get().asString().contains("could not be reached");
  }

  @Test
  void aDamagedCacheIsIgnored() throws IOException {
    Files.writeString(cache.resolve(K3sVersions.CACHE_FILE), "{not json");
    site.close();

    var list = versions(now).list();

    assertThat(list.source()).isEqualTo(K3sVersionList.Source.BUNDLED);
  }

  @Test
  void shippedListIsValidAndSorted() {
    var bundled = K3sVersions.bundled();

    assertThat(bundled.versions()).isSorted();
    assertThat(bundled.versions()).contains(bundled.recommended().orElseThrow());
  }

  @Test
  void versionsOrderFinalsAboveCandidatesAndHigherBuildsFirst() {
    assertThat(
            Stream.of(
                    "v1.31.0-rc2+k3s1",
                    "v1.31.0+k3s2",
                    "v1.9.1+k3s1",
                    "v1.31.0+k3s1",
                    "v1.31.0-rc1+k3s1")
                .map(K3sVersion::of)
                .sorted()
                .map(K3sVersion::tag))
        .containsExactly(
            "v1.31.0+k3s2", "v1.31.0+k3s1", "v1.31.0-rc2+k3s1", "v1.31.0-rc1+k3s1", "v1.9.1+k3s1");
  }

  @Test
  void resolvingPrefersThePinnedVersion() {
    serveBoth();

    assertThat(versions(now).resolve(Optional.of(K3sVersion.of("v1.30.13+k3s1")), List.of()))
        .isEqualTo(K3sVersion.of("v1.30.13+k3s1"));
  }

  @Test
  void resolvingOnlineFollowsTheStableChannel() {
    serveBoth();

    assertThat(versions(now).resolve(Optional.empty(), List.of(K3sVersion.of("v1.30.13+k3s1"))))
        .isEqualTo(K3sVersion.of("v1.32.5+k3s1"));
  }

  @Test
  void resolvingOfflineTakesADownloadedVersionOverAnUndownloadedRecommendation() {
    site.close();
    var downloaded = List.of(K3sVersion.of("v1.29.0+k3s1"), K3sVersion.of("v1.28.1+k3s1"));

    assertThat(versions(now).resolve(Optional.empty(), downloaded))
        .isEqualTo(K3sVersion.of("v1.29.0+k3s1"));
    assertThat(versions(now).resolve(Optional.empty(), List.of()))
        .isEqualTo(K3sVersions.bundled().recommended().orElseThrow());
  }

  private void serveBoth() {
    site.serve("/v1-release/channels", CHANNELS);
    site.serve("/releases", RELEASES);
  }

  private K3sVersions versions(Instant at) {
    return new K3sVersions(http, site.site(), cache, Clock.fixed(at, ZoneOffset.UTC));
  }
}
