package dev.drover.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerListingTest {

  private final ContainerListing listing = new ContainerListing();

  private List<ContainerSummary> parse(String json) throws IOException {
    return listing.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsWhatTheTableShowsAndSkipsTheRest() throws IOException {
    // As Docker 20.10 answers, the fields the app does not read included (nested objects, arrays,
    // nulls).
    var json =
        """
                [{"Id":"0123456789abcdef0123","Names":["/web-1","/alias"],"Image":"nginx:1.27","ImageID":"sha256:aa",
                  "Command":"nginx -g 'daemon off;'","Created":1764282000,
                  "Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},
                           {"IP":"::","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},
                           {"PrivatePort":443,"Type":"tcp"}],
                  "Labels":{"com.docker.compose.project":"shop","other":"x"},"State":"running","Status":"Up 3 minutes",
                  "HostConfig":{"NetworkMode":"default"},
                  "NetworkSettings":{"Networks":{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"IPAddress":"172.17.0.2"}}},
                  "Mounts":[{"Type":"volume","Name":"data","Source":"","Destination":"/data","RW":true}]},
                 {"Id":"fedcba9876543210fedc","Names":null,"Image":"busybox","Created":0,"Ports":[],"Labels":{},
                  "State":"exited","Status":"Exited (0) 2 seconds ago","Mounts":[]}]
                """;

    var containers = parse(json);

    assertThat(containers).hasSize(2);
    var web = containers.getFirst();
    assertThat(web.id()).isEqualTo("0123456789abcdef0123");
    assertThat(web.name()).as("the first name in order, without its slash").isEqualTo("alias");
    assertThat(web.image()).isEqualTo("nginx:1.27");
    assertThat(web.state()).isEqualTo("running");
    assertThat(web.status()).isEqualTo("Up 3 minutes");
    assertThat(web.created()).isEqualTo(Instant.ofEpochSecond(1764282000));
    assertThat(web.ports())
        .as("published ports only, the IPv6 twin once")
        .containsExactly(new ContainerSummary.PublishedPort("0.0.0.0", 8080, 80, "tcp"));
    assertThat(web.composeProject()).isEqualTo("shop");

    var stopped = containers.get(1);
    assertThat(stopped.name())
        .as("a container without names is shown by its short id")
        .isEqualTo("fedcba987654");
    assertThat(stopped.ports()).isEmpty();
    assertThat(stopped.composeProject()).isNull();
    assertThat(stopped.created()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void aPortPublishedOnBothLoopbacksIsListedForEach() throws IOException {
    // As Docker 20.10 answers `-p 127.0.0.1:5432:5432 -p [::1]:5432:5432 -p 5353:53/udp`
    var json =
        """
        [{"Id":"0123456789abcdef0123","Names":["/db"],"Image":"postgres","Created":0,"State":"running",
          "Status":"Up 1 second","Labels":{},
          "Ports":[{"IP":"127.0.0.1","PrivatePort":5432,"PublicPort":5432,"Type":"tcp"},
                   {"IP":"::1","PrivatePort":5432,"PublicPort":5432,"Type":"tcp"},
                   {"IP":"0.0.0.0","PrivatePort":53,"PublicPort":5353,"Type":"udp"},
                   {"IP":"::","PrivatePort":53,"PublicPort":5353,"Type":"udp"}]}]
        """;

    assertThat(parse(json).getFirst().ports())
        .containsExactly(
            new ContainerSummary.PublishedPort("127.0.0.1", 5432, 5432, "tcp"),
            new ContainerSummary.PublishedPort("::1", 5432, 5432, "tcp"),
            new ContainerSummary.PublishedPort("0.0.0.0", 5353, 53, "udp"));
  }

  @Test
  void anEmptyEngineListsNothing() throws IOException {
    assertThat(parse("[]")).isEmpty();
  }

  @Test
  void anAnswerThatIsNotAListSaysSo() {
    assertThatThrownBy(() -> parse("{\"message\":\"page not found\"}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a JSON array");
  }

  @Test
  void asksForTheChosenIdsOnly() {
    var engine =
        new ScriptedEngine(200, "[{\"Id\":\"abc123\",\"Names\":[\"/db\"],\"State\":\"exited\"}]");

    var containers = listing.list(engine.client(), List.of("abc123", "def456"));

    assertThat(containers).extracting(ContainerSummary::name).containsExactly("db");
    assertThat(engine.paths).hasSize(1);
    assertThat(URLDecoder.decode(engine.paths.getFirst(), StandardCharsets.UTF_8))
        .isEqualTo("/containers/json?all=1&filters={\"id\":[\"abc123\",\"def456\"]}");
  }

  @Test
  void anEngineErrorKeepsTheEnginesWords() {
    var failing = new ScriptedEngine(500, "{\"message\":\"the daemon is shutting down\"}");
    assertThatThrownBy(() -> listing.list(failing.client(), List.of()))
        .isInstanceOf(DockerException.class)
        .hasMessageContaining("the daemon is shutting down")
        .satisfies(e -> assertThat(((DockerException) e).getHttpStatus()).isEqualTo(500));

    var missing = new ScriptedEngine(404, "{\"message\":\"page not found\"}");
    assertThatThrownBy(() -> listing.list(missing.client(), List.of()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void podmansOwnListPutsTheHealthIntoTheStatusAsDockerdWordsIt() {
    // As Podman 4.3 answers /libpod/containers/json: "Status" is the health, empty without a health
    // check.
    var podman =
        new ScriptedEngine(
            200,
            """
                [{"AutoRemove":false,"Command":["/usr/local/bin/web"],"Created":"2026-12-07T14:00:00.1Z","Exited":false,
                  "ExitedAt":-62135596800,"ExitCode":0,"Id":"aaa1","Image":"drover-test/web:1","Labels":{"a":"b"},
                  "Mounts":[],"Names":["web"],"Namespaces":{},"Networks":["podman"],"Pid":12,"Pod":"","PodName":"",
                  "Ports":[{"host_ip":"127.0.0.1","container_port":8080,"host_port":40001,"range":1,"protocol":"tcp"}],
                  "Size":null,"StartedAt":1765115000,"State":"running","Status":"healthy"},
                 {"Id":"bbb2","Names":["db"],"State":"running","Status":"starting","Ports":null},
                 {"Id":"ccc3","Names":["sick"],"State":"running","Status":"unhealthy"},
                 {"Id":"ddd4","Names":["plain"],"State":"running","Status":""},
                 {"Id":"eee5","Names":["stopped"],"State":"exited","Status":"unhealthy"}]
                """);
    var listed =
        List.of(
            running("aaa1", "Up 7 seconds"),
            running("bbb2", "Up 1 second"),
            running("ccc3", "Up 2 hours"),
            running("ddd4", "Up 3 minutes"),
            new ContainerSummary(
                "eee5", "stopped", "busybox", "exited", "Exited (0) 2 seconds ago", Instant.EPOCH),
            running("fff6", "Up 5 minutes (healthy)"));

    var withHealth = listing.withPodmanHealth(podman.client(), List.of("aaa1", "bbb2"), listed);

    assertThat(withHealth)
        .extracting(ContainerSummary::status)
        .containsExactly(
            "Up 7 seconds (healthy)",
            "Up 1 second (health: starting)",
            "Up 2 hours (unhealthy)",
            "Up 3 minutes",
            "Exited (0) 2 seconds ago",
            "Up 5 minutes (healthy)");
    assertThat(withHealth.getFirst())
        .usingRecursiveComparison()
        .ignoringFields("status")
        .isEqualTo(listed.getFirst());
    assertThat(URLDecoder.decode(podman.paths.getFirst(), StandardCharsets.UTF_8))
        .isEqualTo("/v4.0.0/libpod/containers/json?all=true&filters={\"id\":[\"aaa1\",\"bbb2\"]}");
  }

  @Test
  void withoutPodmansOwnListTheContainersAreListedWithoutHealth() {
    var notPodman = new ScriptedEngine(404, "{\"message\":\"page not found\"}");
    var listed = List.of(running("aaa1", "Up 7 seconds"));

    assertThat(listing.withPodmanHealth(notPodman.client(), List.of(), listed)).isEqualTo(listed);
  }

  @Test
  void podmanIsToldFromDockerdByItsVersionsComponents() throws IOException {
    var mapper = new ObjectMapper();
    var podman =
        mapper.readValue(
            """
                {"Platform":{"Name":"linux/amd64/debian-12"},"Components":[{"Name":"Podman Engine","Version":"4.3.1",
                 "Details":{"APIVersion":"4.3.1","Arch":"amd64"}}],"Version":"4.3.1","ApiVersion":"1.41"}
                """,
            Version.class);
    var dockerd =
        mapper.readValue(
            """
                {"Platform":{"Name":"Docker Engine - Community"},"Components":[{"Name":"Engine","Version":"28.5.1"},
                 {"Name":"containerd","Version":"1.7.28"},{"Name":"runc","Version":"1.3.0"}],"Version":"28.5.1"}
                """,
            Version.class);

    assertThat(EngineKind.of(podman)).isEqualTo(EngineKind.PODMAN);
    assertThat(EngineKind.of(dockerd)).isEqualTo(EngineKind.DOCKER);
    assertThat(EngineKind.of(new Version())).isEqualTo(EngineKind.DOCKER);
  }

  private static ContainerSummary running(String id, String status) {
    return new ContainerSummary(id, id, "drover-test/web:1", "running", status, Instant.EPOCH);
  }

  /** A stand-in for the engine's HTTP side: one canned answer, and the paths asked for. */
  private static final class ScriptedEngine implements DockerHttpClient {
    private final int status;
    private final String body;
    final List<String> paths = new ArrayList<>();

    ScriptedEngine(int status, String body) {
      this.status = status;
      this.body = body;
    }

    DockerClient client() {
      var config =
          DefaultDockerClientConfig.createDefaultConfigBuilder()
              .withDockerHost("unix:///nowhere.sock")
              .build();
      return DockerClientImpl.getInstance(config, this);
    }

    @Override
    public Response execute(Request request) {
      paths.add(request.path());
      return new Response() {
        @Override
        public int getStatusCode() {
          return status;
        }

        @Override
        public Map<String, List<String>> getHeaders() {
          return Map.of();
        }

        @Override
        public InputStream getBody() {
          return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {}
  }
}
