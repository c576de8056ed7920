package dev.drover.tests.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.stats.ContainerStats;
import dev.drover.engine.stats.StatsSample;
import dev.drover.engine.stats.StatsSubscription;
import dev.drover.tests.support.PrivateDockerd;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerStats} against the shared real dockerd, with busybox containers it creates and
 * removes.
 */
class ContainerStatsDockerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String BUSY_LOOP = "while true; do :; done";

  private static DockerClient docker;
  private static String image;
  private static EngineClients clients;
  private final List<String> created = new ArrayList<>();
  private final List<StatsSubscription> subscriptions = new ArrayList<>();

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
  void cleanUp() {
    subscriptions.forEach(StatsSubscription::close);
    created.forEach(name -> TestEngine.removeQuietly(docker, name));
  }

  /** What a stream delivered, collected from its thread. */
  private static final class Collected {
    final List<StatsSample> samples = new CopyOnWriteArrayList<>();
    final AtomicInteger ends = new AtomicInteger();

    boolean ended() {
      return ends.get() > 0;
    }
  }

  private String create(String purpose, String script, boolean start) {
    var name = TestEngine.uniqueName(purpose);
    created.add(name);
    // A short stop timeout: sh as PID 1 ignores SIGTERM.
    var id =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withStopTimeout(1)
            .withCmd("sh", "-c", script)
            .exec()
            .getId();
    if (start) docker.startContainerCmd(id).exec();
    return id;
  }

  private Collected follow(ContainerStats stats, String containerId) {
    var collected = new Collected();
    subscriptions.add(
        stats.follow(containerId, collected.samples::add, collected.ends::incrementAndGet));
    return collected;
  }

  @Test
  void aBusyContainerShowsCpuUseAndMemoryWithinAFewReadings() {
    var id = create("stats-busy", BUSY_LOOP, true);

    var stream = follow(new ContainerStats(clients), id);

    await("a reading with the busy loop's CPU use")
        .atMost(PATIENCE)
        .until(() -> stream.samples.stream().anyMatch(s -> s.cpuPercent() > 5));
    assertThat(stream.samples.getFirst().cpuPercent())
        .as("dockerd's first reading has nothing to compare with")
        .isZero();
    assertThat(stream.samples)
        .allSatisfy(
            sample -> {
              assertThat(sample.memoryUsedBytes()).isPositive();
              assertThat(sample.memoryLimitBytes())
                  .isGreaterThanOrEqualTo(sample.memoryUsedBytes());
              assertThat(sample.cpuPercent())
                  .isBetween(0.0, 100.0 * Runtime.getRuntime().availableProcessors() + 1);
            });
    assertThat(stream.samples)
        .extracting(StatsSample::at)
        .as("one reading after another")
        .isSorted();
    assertThat(stream.ended()).isFalse();
  }

  @Test
  void closingTheSubscriptionStopsTheReadings() {
    var id = create("stats-close", "sleep 300", true);
    var stats = new ContainerStats(clients);
    var stream = new Collected();
    var subscription = stats.follow(id, stream.samples::add, stream.ends::incrementAndGet);
    try {
      await("two readings").atMost(PATIENCE).until(() -> stream.samples.size() >= 2);
    } finally {
      subscription.close();
    }
    int atClose = stream.samples.size();

    // dockerd sends a reading a second: three quiet seconds mean the stream is really stopped.
    await("nothing arrives once closed")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> stream.samples.size() == atClose);
    assertThat(stream.ended()).as("closing is not an end the reader is told about").isFalse();
    subscription.close(); // a second close is harmless
  }

  @Test
  void theStreamOfAContainerThatStopsJustEnds() {
    var id = create("stats-stops", "sleep 300", true);
    var stream = follow(new ContainerStats(clients), id);
    await("a first reading").atMost(PATIENCE).until(() -> !stream.samples.isEmpty());

    docker.stopContainerCmd(id).withTimeout(1).exec();

    await("the stream ends").atMost(PATIENCE).until(stream::ended);
    int atEnd = stream.samples.size();
    await("nothing more arrives")
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> stream.samples.size() == atEnd && stream.ends.get() == 1);
  }

  @Test
  void aContainerThatIsNotRunningOrDoesNotExistEndsAtOnceWithoutReadings() {
    var stopped = create("stats-created", "sleep 300", false);
    var stats = new ContainerStats(clients);

    var ofStopped = follow(stats, stopped);
    var ofMissing = follow(stats, TestEngine.uniqueName("stats-missing"));

    await("both streams end").atMost(PATIENCE).until(() -> ofStopped.ended() && ofMissing.ended());
    assertThat(ofStopped.samples).isEmpty();
    assertThat(ofMissing.samples).isEmpty();
  }

  @Test
  void aSnapshotOfABusyContainerMeasuresTheLastSecond() {
    var busy = create("stats-snapshot", BUSY_LOOP, true);
    var idle = create("stats-snapshot-idle", "sleep 300", false);
    var stats = new ContainerStats(clients);

    await("a snapshot with the busy loop's CPU use")
        .atMost(PATIENCE)
        .until(
            () ->
                stats
                    .snapshot(busy)
                    .filter(s -> s.cpuPercent() > 5 && s.memoryUsedBytes() > 0)
                    .isPresent());
    assertThat(stats.snapshot(idle)).as("a container that is not running").isEmpty();
    var missing = TestEngine.uniqueName("stats-missing");
    assertThatThrownBy(() -> stats.snapshot(missing))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("No such container");
  }

  @Test
  void aStreamEndsWhenTheEngineGoesAway() throws Exception {
    // A throw-away engine: stopping the shared one would disturb every other test.
    try (var engine =
        new PrivateDockerd(
            Path.of("/tmp", "drover-stats-" + UUID.randomUUID().toString().substring(0, 8)))) {
      engine.start();
      try (var privateDocker = DockerClients.open(engine.endpoint(), Duration.ofSeconds(60));
          var privateClients = new EngineClients(engine::endpoint)) {
        var privateImage = TestImages.busybox(privateDocker);
        var id =
            privateDocker
                .createContainerCmd(privateImage)
                .withStopTimeout(1)
                .withCmd("sh", "-c", "sleep 300")
                .exec()
                .getId();
        privateDocker.startContainerCmd(id).exec();
        var stream = follow(new ContainerStats(privateClients), id);
        await("a first reading").atMost(PATIENCE).until(() -> !stream.samples.isEmpty());

        engine.stop();

        await("the stream ends").atMost(PATIENCE).until(stream::ended);
        assertThat(stream.ends).hasValue(1);
      }
    }
  }
}
