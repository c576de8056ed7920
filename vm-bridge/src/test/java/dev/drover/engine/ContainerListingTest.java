package dev.drover.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerListingTest {

    private final ContainerListing listing = new ContainerListing();

    private List<ContainerSummary> parse(String json) throws IOException {
        return listing.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsWhatTheTableShowsAndSkipsTheRest() throws IOException {
        // As Docker 20.10 answers, the fields the app does not read included (nested objects, arrays, nulls).
        var json = """
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
        assertThat(web.ports()).as("published ports only, the IPv6 twin once")
                .containsExactly(new ContainerSummary.PublishedPort("0.0.0.0", 8080, 80, "tcp"));
        assertThat(web.composeProject()).isEqualTo("shop");

        var stopped = containers.get(1);
        assertThat(stopped.name()).as("a container without names is shown by its short id").isEqualTo("fedcba987654");
        assertThat(stopped.ports()).isEmpty();
        assertThat(stopped.composeProject()).isNull();
        assertThat(stopped.created()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void anEmptyEngineListsNothing() throws IOException {
        assertThat(parse("[]")).isEmpty();
    }

    @Test
    void anAnswerThatIsNotAListSaysSo() {
        assertThatThrownBy(() -> parse("{\"message\":\"page not found\"}")).isInstanceOf(IOException.class)
                .hasMessageContaining("not a JSON array");
    }

    @Test
    void asksForTheChosenIdsOnly() {
        var engine = new ScriptedEngine(200, "[{\"Id\":\"abc123\",\"Names\":[\"/db\"],\"State\":\"exited\"}]");

        var containers = listing.list(engine.client(), List.of("abc123", "def456"));

        assertThat(containers).extracting(ContainerSummary::name).containsExactly("db");
        assertThat(engine.paths).hasSize(1);
        assertThat(URLDecoder.decode(engine.paths.getFirst(), StandardCharsets.UTF_8))
                .isEqualTo("/containers/json?all=1&filters={\"id\":[\"abc123\",\"def456\"]}");
    }

    @Test
    void anEngineErrorKeepsTheEnginesWords() {
        var failing = new ScriptedEngine(500, "{\"message\":\"the daemon is shutting down\"}");
        assertThatThrownBy(() -> listing.list(failing.client(), List.of())).isInstanceOf(DockerException.class)
                .hasMessageContaining("the daemon is shutting down")
                .satisfies(e -> assertThat(((DockerException) e).getHttpStatus()).isEqualTo(500));

        var missing = new ScriptedEngine(404, "{\"message\":\"page not found\"}");
        assertThatThrownBy(() -> listing.list(missing.client(), List.of())).isInstanceOf(NotFoundException.class);
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
            var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix:///nowhere.sock").build();
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
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
