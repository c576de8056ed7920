package dev.drover.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DockerTimestampsTest {

  @Test
  void parsesTheEnginesNanosecondUtcTimestamps() {
    assertThat(DockerTimestamps.parse("2024-05-01T12:34:56.123456789Z"))
        .isEqualTo(Instant.parse("2024-05-01T12:34:56.123456789Z"));
  }

  @Test
  void parsesShorterFractionsAndNone() {
    assertThat(DockerTimestamps.parse("2024-05-01T12:34:56.5Z"))
        .isEqualTo(Instant.parse("2024-05-01T12:34:56.500Z"));
    assertThat(DockerTimestamps.parse("2024-05-01T12:34:56Z"))
        .isEqualTo(Instant.parse("2024-05-01T12:34:56Z"));
  }

  @Test
  void appliesAnOffset() {
    assertThat(DockerTimestamps.parse("2024-05-01T14:34:56.000000001+02:00"))
        .isEqualTo(Instant.parse("2024-05-01T12:34:56.000000001Z"));
    assertThat(DockerTimestamps.parse("2024-05-01T00:04:56-01:30"))
        .isEqualTo(Instant.parse("2024-05-01T01:34:56Z"));
  }

  @Test
  void rejectsWhatIsNotATimestamp() {
    assertThat(DockerTimestamps.parse("hello world, how are you")).isNull();
    assertThat(DockerTimestamps.parse("2024-13-01T12:34:56Z")).isNull();
    assertThat(DockerTimestamps.parse("2024-02-30T12:34:56Z")).isNull();
    assertThat(DockerTimestamps.parse("2024-05-01T12:34:56.Z")).isNull();
    assertThat(DockerTimestamps.parse("2024-05-01T12:34:56.1234567890Z")).isNull();
    assertThat(DockerTimestamps.parse("2024-05-01 12:34:56Z")).isNull();
    assertThat(DockerTimestamps.parse("2024-05-01T12:34:56")).isNull();
  }

  @Test
  void findsWhereTheTextAfterTheTimestampStarts() {
    var line = "2024-05-01T12:34:56.123456789Z GET / 200".getBytes(StandardCharsets.US_ASCII);
    assertThat(DockerTimestamps.textStart(line, 0, line.length)).isEqualTo(31);
    var plain = "GET /index.html HTTP/1.1 200 OK".getBytes(StandardCharsets.US_ASCII);
    assertThat(DockerTimestamps.textStart(plain, 0, plain.length)).isEqualTo(-1);
  }
}
