package dev.drover.app.ui.containers.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.containers.logs.AnsiText.Color;
import dev.drover.app.ui.containers.logs.AnsiText.Segment;
import org.junit.jupiter.api.Test;

class AnsiTextTest {

  private static final String ESC = "\u001b";

  @Test
  void plainTextIsOneDefaultSegment() {
    assertThat(AnsiText.parse("hello")).containsExactly(Segment.plain("hello"));
    assertThat(AnsiText.parse("")).isEmpty();
  }

  @Test
  void basicColoursAndResetSplitTheLine() {
    var segments = AnsiText.parse("level=" + ESC + "[31mERROR" + ESC + "[0m done");

    assertThat(segments)
        .containsExactly(
            Segment.plain("level="),
            new Segment("ERROR", Color.indexed(1), false),
            Segment.plain(" done"));
  }

  @Test
  void brightColoursMapToPaletteEightToFifteen() {
    assertThat(AnsiText.parse(ESC + "[92mok"))
        .containsExactly(new Segment("ok", Color.indexed(10), false));
    assertThat(AnsiText.parse(ESC + "[97mwhite"))
        .containsExactly(new Segment("white", Color.indexed(15), false));
  }

  @Test
  void boldAndColourCombineInOneSequenceAndBoldEndsWith22() {
    var segments =
        AnsiText.parse(ESC + "[1;33mwarn" + ESC + "[22m still yellow" + ESC + "[39m plain");

    assertThat(segments)
        .containsExactly(
            new Segment("warn", Color.indexed(3), true),
            new Segment(" still yellow", Color.indexed(3), false),
            Segment.plain(" plain"));
  }

  @Test
  void palette256AndTrueColourAreRead() {
    assertThat(AnsiText.parse(ESC + "[38;5;208morange"))
        .containsExactly(new Segment("orange", Color.indexed(208), false));
    assertThat(AnsiText.parse(ESC + "[38;2;10;20;30mrgb"))
        .containsExactly(new Segment("rgb", new Color.Rgb(10, 20, 30), false));
    assertThat(AnsiText.parse(ESC + "[38:2::1:2:3mcolon"))
        .containsExactly(new Segment("colon", new Color.Rgb(1, 2, 3), false));
  }

  @Test
  void emptySequenceResetsLikeZero() {
    assertThat(AnsiText.parse(ESC + "[1;31mred" + ESC + "[m plain"))
        .containsExactly(new Segment("red", Color.indexed(1), true), Segment.plain(" plain"));
  }

  @Test
  void backgroundsAreDroppedWithoutEatingTheForeground() {
    assertThat(AnsiText.parse(ESC + "[48;5;17;32mgreen on blue"))
        .containsExactly(new Segment("green on blue", Color.indexed(2), false));
    assertThat(AnsiText.parse(ESC + "[41mtext")).containsExactly(Segment.plain("text"));
  }

  @Test
  void otherEscapeSequencesAreRemoved() {
    assertThat(AnsiText.parse(ESC + "[2K" + ESC + "[1Gprogress" + ESC + "]0;title\u0007 done"))
        .containsExactly(Segment.plain("progress done"));
  }

  @Test
  void aSequenceCutOffAtTheEndOfTheLineIsDropped() {
    assertThat(AnsiText.parse("text" + ESC + "[3")).containsExactly(Segment.plain("text"));
    assertThat(AnsiText.parse("text" + ESC)).containsExactly(Segment.plain("text"));
  }

  @Test
  void aRepeatedStyleDoesNotSplitTheSegment() {
    assertThat(AnsiText.parse(ESC + "[31mab" + ESC + "[31mcd"))
        .containsExactly(new Segment("abcd", Color.indexed(1), false));
  }

  @Test
  void stripLeavesTheReadableText() {
    assertThat(AnsiText.strip(ESC + "[1;31mERROR" + ESC + "[0m disk full"))
        .isEqualTo("ERROR disk full");
    assertThat(AnsiText.strip("no escapes")).isEqualTo("no escapes");
  }
}
