package dev.drover.tests.logs;

import static dev.drover.engine.logs.LogLine.Stream.STDERR;
import static dev.drover.engine.logs.LogLine.Stream.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.drover.engine.EngineClients;
import dev.drover.engine.logs.ContainerLogs;
import dev.drover.engine.logs.LogLine;
import dev.drover.engine.logs.LogRequest;
import dev.drover.engine.logs.LogSink;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerLogs} against the shared real dockerd, with busybox containers it creates and
 * removes.
 */
class ContainerLogsDockerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String FIVE_OF_EACH =
      "i=0; while [ $i -lt 5 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done; sleep 300";

  private static DockerClient docker;
  private static String image;
  private static EngineClients clients;
  private final List<String> created = new ArrayList<>();
  private ContainerLogs logs;

  @BeforeAll
  static void realEngine() throws Exception {
    docker = TestEngine.client();
    image = TestImages.busybox(docker);
    clients = new EngineClients(TestEngine::endpoint);
  }

  @AfterAll
  static void closeClients() throws Exception {
    if (clients != null) clients.close();
    if (docker != null) docker.close();
  }

  @AfterEach
  void removeContainers() {
    created.forEach(name -> TestEngine.removeQuietly(docker, name));
  }

  /** Collects what a stream delivers, as a view model would, from the stream's thread. */
  private static final class Collected implements LogSink {
    final List<LogLine> lines = new CopyOnWriteArrayList<>();
    final AtomicReference<String> end = new AtomicReference<>();
    volatile boolean ended;
    volatile String failure;

    @Override
    public void line(LogLine line) {
      lines.add(line);
    }

    @Override
    public void ended(String reasonOrNull) {
      end.set(reasonOrNull);
      ended = true;
    }

    @Override
    public void failed(String message) {
      failure = message;
    }

    List<String> texts(LogLine.Stream stream) {
      return lines.stream().filter(l -> l.stream() == stream).map(LogLine::text).toList();
    }
  }

  private String run(String purpose, boolean tty, String script) {
    var name = TestEngine.uniqueName(purpose);
    created.add(name);
    var id =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withTty(tty)
            .withCmd("sh", "-c", script)
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  private ContainerLogs logs() {
    if (logs == null) logs = new ContainerLogs(clients);
    return logs;
  }

  @Test
  void stdoutAndStderrLinesArriveWithTheirStreamAndTimestamps() {
    var startedAround = Instant.now().minusSeconds(60);
    var id = run("logs-streams", false, FIVE_OF_EACH);
    var sink = new Collected();

    try (var subscription = logs().follow(id, LogRequest.followAll(), sink)) {
      await("ten lines").atMost(PATIENCE).until(() -> sink.lines.size() >= 10);

      assertThat(sink.texts(STDOUT)).containsExactly("out0", "out1", "out2", "out3", "out4");
      assertThat(sink.texts(STDERR)).containsExactly("err0", "err1", "err2", "err3", "err4");
      assertThat(sink.lines)
          .allSatisfy(
              line ->
                  assertThat(line.timestamp())
                      .isAfter(startedAround)
                      .isBefore(Instant.now().plusSeconds(60)));
      var stamps =
          sink.lines.stream().filter(l -> l.stream() == STDOUT).map(LogLine::timestamp).toList();
      assertThat(stamps).isSorted();
      assertThat(stamps)
          .as("timestamps carry sub-second precision")
          .anyMatch(stamp -> stamp.getNano() > 0);
      assertThat(sink.ended).as("a running container's log stays open").isFalse();
    }
  }

  @Test
  void followDeliversLinesWrittenLaterAndClosingStopsDelivery() {
    var id =
        run("logs-follow", false, "i=0; while true; do echo tick$i; i=$((i+1)); sleep 0.2; done");
    var sink = new Collected();
    var subscription = logs().follow(id, new LogRequest(null, 0, true), sink);
    try {
      await("a first line").atMost(PATIENCE).until(() -> !sink.lines.isEmpty());
      var first = number(sink.lines.getFirst());
      await("a line written after the first arrived")
          .atMost(PATIENCE)
          .until(() -> number(sink.lines.getLast()) >= first + 3);
      assertThat(sink.lines)
          .extracting(ContainerLogsDockerIT::number)
          .as("consecutive lines, none lost or repeated")
          .isSorted()
          .doesNotHaveDuplicates();
    } finally {
      subscription.close();
    }
    int atClose = sink.lines.size();
    await("nothing arrives once closed")
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> sink.lines.size() == atClose);
    assertThat(sink.ended).as("closing is not an end the sink is told about").isFalse();
  }

  @Test
  void aTtyContainersRawStreamGivesWholeLinesWithoutCarriageReturns() {
    var id =
        run(
            "logs-tty",
            true,
            "i=0; while [ $i -lt 3 ]; do printf '\\033[31mtty%s\\033[0m\\n' $i; i=$((i+1)); done; sleep 300");
    var sink = new Collected();

    try (var subscription = logs().follow(id, LogRequest.followAll(), sink)) {
      await("three lines").atMost(PATIENCE).until(() -> sink.lines.size() >= 3);

      assertThat(sink.texts(STDOUT))
          .containsExactly(
              "\u001b[31mtty0\u001b[0m", "\u001b[31mtty1\u001b[0m", "\u001b[31mtty2\u001b[0m");
    }
  }

  @Test
  void aContainerThatExitsEndsItsLogWithoutAReason() {
    var id = run("logs-exits", false, "echo last words; exit 0");
    var sink = new Collected();

    try (var subscription = logs().follow(id, LogRequest.followAll(), sink)) {
      await("the log ends").atMost(PATIENCE).until(() -> sink.ended);

      assertThat(sink.end.get()).as("a stopped container is not an engine failure").isNull();
      assertThat(sink.texts(STDOUT)).containsExactly("last words");
    }
  }

  @Test
  void sinceDropsTheLinesBeforeTheExactInstant() {
    var id = run("logs-since", false, FIVE_OF_EACH);
    var all = new Collected();
    try (var subscription = logs().follow(id, LogRequest.followAll(), all)) {
      await("ten lines").atMost(PATIENCE).until(() -> all.lines.size() >= 10);
    }
    var sorted = all.lines.stream().sorted(Comparator.comparing(LogLine::timestamp)).toList();
    var from = sorted.get(5).timestamp();

    var later = new Collected();
    try (var subscription = logs().follow(id, new LogRequest(from, LogRequest.ALL, false), later)) {
      await("the read ends").atMost(PATIENCE).until(() -> later.ended);
    }

    assertThat(later.lines)
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line.timestamp()).isAfterOrEqualTo(from));
    assertThat(later.lines).containsAll(sorted.subList(5, sorted.size()));
  }

  @Test
  void anUnknownContainerFailsWithASentence() {
    var sink = new Collected();

    try (var subscription =
        logs().follow(TestEngine.uniqueName("no-such"), LogRequest.followAll(), sink)) {
      await("the engine refuses").atMost(PATIENCE).until(() -> sink.failure != null);
    }

    assertThat(sink.failure).startsWith("There is no container drover-test-no-such-");
    assertThat(sink.ended).isFalse();
  }

  private static int number(LogLine line) {
    return Integer.parseInt(line.text().substring("tick".length()));
  }
}
