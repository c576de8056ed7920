package dev.drover.engine.logs;

import static dev.drover.engine.logs.LogLine.Stream.STDERR;
import static dev.drover.engine.logs.LogLine.Stream.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLineAssemblerTest {

  private static final String T1 = "2024-05-01T12:34:56.123456789Z";
  private static final String T2 = "2024-05-01T12:34:57.000000001Z";

  private final LogLineAssembler assembler = new LogLineAssembler();
  private final List<LogLine> lines = new ArrayList<>();

  private void feed(StreamType type, String chunk) {
    feed(type, chunk.getBytes(StandardCharsets.UTF_8));
  }

  private void feed(StreamType type, byte[] chunk) {
    assembler.accept(type, chunk, lines::add);
  }

  @Test
  void aFrameHoldingOneLineGivesItsTextTimestampAndStream() {
    feed(StreamType.STDOUT, T1 + " hello world\n");

    assertThat(lines).containsExactly(new LogLine(STDOUT, Instant.parse(T1), "hello world"));
  }

  @Test
  void aLineSplitAcrossFramesIsDeliveredOnceWhole() {
    feed(StreamType.STDOUT, T1 + " hel");
    assertThat(lines).isEmpty();
    feed(StreamType.STDOUT, "lo wor");
    feed(StreamType.STDOUT, "ld\n");

    assertThat(lines).containsExactly(new LogLine(STDOUT, Instant.parse(T1), "hello world"));
  }

  @Test
  void aFrameSplitInsideTheTimestampStillParsesIt() {
    feed(StreamType.RAW, T1.substring(0, 1));
    feed(StreamType.RAW, T1.substring(1, 15));
    feed(StreamType.RAW, T1.substring(15) + " tty line\r\n");

    assertThat(lines).containsExactly(new LogLine(STDOUT, Instant.parse(T1), "tty line"));
  }

  @Test
  void aFrameHoldingSeveralLinesGivesEachInOrder() {
    feed(StreamType.RAW, T1 + " one\n" + T2 + " two\n" + T2 + " thr");
    feed(StreamType.RAW, "ee\n");

    assertThat(lines).extracting(LogLine::text).containsExactly("one", "two", "three");
    assertThat(lines)
        .extracting(LogLine::timestamp)
        .containsExactly(Instant.parse(T1), Instant.parse(T2), Instant.parse(T2));
  }

  @Test
  void crlfLineEndsLoseTheirCarriageReturnButInnerOnesStay() {
    feed(StreamType.RAW, T1 + " progress 50%\rprogress 100%\r\n" + T2 + " done\r");
    feed(StreamType.RAW, "\n");

    assertThat(lines)
        .extracting(LogLine::text)
        .containsExactly("progress 50%\rprogress 100%", "done");
  }

  @Test
  void stdoutAndStderrAreAssembledSeparatelyWhenTheirFramesInterleave() {
    feed(StreamType.STDOUT, T1 + " out ");
    feed(StreamType.STDERR, T1 + " err ");
    feed(StreamType.STDOUT, "line\n");
    feed(StreamType.STDERR, "line\n");

    assertThat(lines)
        .containsExactly(
            new LogLine(STDOUT, Instant.parse(T1), "out line"),
            new LogLine(STDERR, Instant.parse(T1), "err line"));
  }

  @Test
  void aMultiByteCharacterSplitBetweenFramesIsDecodedWhole() {
    var bytes = (T1 + " café ☕\n").getBytes(StandardCharsets.UTF_8);
    int cut = bytes.length - 3; // inside the three bytes of ☕
    feed(StreamType.STDOUT, Arrays.copyOfRange(bytes, 0, cut));
    feed(StreamType.STDOUT, Arrays.copyOfRange(bytes, cut, bytes.length));

    assertThat(lines).extracting(LogLine::text).containsExactly("café ☕");
  }

  @Test
  void theTimestampOfAPartialMessageContinuationIsNotPartOfTheText() {
    // The engine cuts lines over 16 KiB into parts and stamps each; the parts form one line.
    feed(StreamType.STDOUT, T1 + " first part ");
    feed(StreamType.STDOUT, T2 + " second part\n");

    assertThat(lines)
        .containsExactly(new LogLine(STDOUT, Instant.parse(T1), "first part second part"));
  }

  @Test
  void anUnfinishedLineIsDeliveredWhenFlushed() {
    feed(StreamType.STDERR, T1 + " no newline at the end");
    assertThat(lines).isEmpty();

    assembler.flush(lines::add);

    assertThat(lines)
        .containsExactly(new LogLine(STDERR, Instant.parse(T1), "no newline at the end"));
  }

  @Test
  void anEmptyLineKeepsItsTimestamp() {
    feed(StreamType.STDOUT, T1 + " \n");

    assertThat(lines).containsExactly(new LogLine(STDOUT, Instant.parse(T1), ""));
  }

  @Test
  void aLineWithoutATimestampKeepsItsWholeTextAndTheLastTimestamp() {
    feed(StreamType.STDOUT, T1 + " stamped\nnot stamped\n");

    assertThat(lines)
        .containsExactly(
            new LogLine(STDOUT, Instant.parse(T1), "stamped"),
            new LogLine(STDOUT, Instant.parse(T1), "not stamped"));
  }

  @Test
  void aLineThatNeverEndsIsDeliveredInBoundedPieces() {
    var chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i < 20; i++) feed(StreamType.RAW, chunk);

    assertThat(lines).hasSize(1);
    assertThat(lines.getFirst().text()).hasSize(LogLineAssembler.MAX_LINE_BYTES);
  }
}
