package dev.drover.app.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.drover.app.settings.Settings;
import dev.drover.app.settings.SettingsStore;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.kube.k3s.K3sReleaseSite;
import dev.drover.kube.k3s.K3sVersions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The k3s version picker of Settings against a release site on loopback that records every request.
 */
class K3sVersionPickerTest {

  private static final String CHANNELS =
      """
            {"type":"collection","resourceType":"channels","data":[
              {"id":"stable","type":"channel","name":"stable","latest":"v1.98.2+k3s1"},
              {"id":"latest","type":"channel","name":"latest","latest":"v1.99.1+k3s1"}
            ]}""";
  private static final String RELEASES =
      """
            [{"tag_name":"v1.99.1+k3s1","prerelease":false,"draft":false},
             {"tag_name":"v1.98.2+k3s1","prerelease":false,"draft":false}]""";

  @TempDir Path dir;
  private HttpServer site;
  private final List<String> requested = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startSite() throws IOException {
    site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    site.createContext(
        "/",
        exchange -> {
          var path = exchange.getRequestURI().getPath();
          requested.add(path);
          var body =
              (path.endsWith("/channels") ? CHANNELS : path.endsWith("/releases") ? RELEASES : "")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(
              body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
          try (var out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    site.start();
  }

  @AfterEach
  void stop() {
    site.stop(0);
    http.close();
  }

  private SettingsViewModel openSettings() {
    var releaseSite =
        K3sReleaseSite.at(URI.create("http://127.0.0.1:" + site.getAddress().getPort() + "/"));
    var model =
        new SettingsViewModel(
            Settings.defaults(),
            new SettingsStore(dir.resolve("settings.json")),
            Background.sameThread(),
            new NoticesViewModel(),
            Background.sameThread(),
            () -> new K3sVersions(http, releaseSite, dir.resolve("cache")));
    model.loadK3sVersions(false); // what the Settings page does when it opens
    return model;
  }

  @Test
  void openingSettingsShowsTheKnownVersionsWithoutAskingTheReleaseSite() {
    var model = openSettings();

    assertThat(requested).as("nothing goes online until the user asks").isEmpty();
    assertThat(model.k3sVersionChoices()).hasSizeGreaterThan(3);
    assertThat(model.k3sVersionChoices().getFirst().label()).startsWith("Recommended (stable: v1.");
    assertThat(model.k3sVersionsNoteProperty().get())
        .isEqualTo("Versions shipped with Drover. ⟳ checks for newer versions.");

    model.loadK3sVersions(true); // Check for newer versions

    assertThat(requested)
        .as("one look-up: the channels and the releases, once each")
        .containsExactlyInAnyOrder("/v1-release/channels", "/releases");
    assertThat(model.k3sVersionChoices())
        .extracting(K3sVersionChoice::tag)
        .contains("v1.99.1+k3s1");
    assertThat(model.k3sVersionChoices().getFirst().label())
        .isEqualTo("Recommended (stable: v1.98.2+k3s1)");
    assertThat(model.k3sVersionsNoteProperty().get()).isEmpty();
  }

  @Test
  void aListFetchedBeforeIsShownFromTheCacheWhenSettingsOpensAgain() {
    openSettings().loadK3sVersions(true);
    requested.clear();

    var reopened = openSettings();

    assertThat(requested).isEmpty();
    assertThat(reopened.k3sVersionChoices())
        .extracting(K3sVersionChoice::tag)
        .contains("v1.99.1+k3s1");
    assertThat(reopened.k3sVersionsNoteProperty().get())
        .startsWith("Versions known on ")
        .endsWith(". ⟳ checks for newer versions.");
  }
}
