package dev.drover.app.ui.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ElapsedTest {

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  @Test
  void wordsCountSecondsInTheFirstMinuteThenMinutesHoursAndDays() {
    assertThat(Elapsed.WORDS.text(Duration.ofMillis(400))).isEqualTo("Less than a second");
    assertThat(Elapsed.WORDS.text(s(1))).isEqualTo("1 second");
    assertThat(Elapsed.WORDS.text(s(59))).isEqualTo("59 seconds");
    assertThat(Elapsed.WORDS.text(s(61))).isEqualTo("About a minute");
    assertThat(Elapsed.WORDS.text(s(3 * 60 + 5))).isEqualTo("3 minutes");
    assertThat(Elapsed.WORDS.text(s(3_600))).isEqualTo("About an hour");
    assertThat(Elapsed.WORDS.text(s(5 * 3_600))).isEqualTo("5 hours");
    assertThat(Elapsed.WORDS.text(s(3_600 + 1_800)))
        .as("Docker rounds to the nearest hour")
        .isEqualTo("2 hours");
    assertThat(Elapsed.WORDS.text(s(3 * 86_400))).isEqualTo("3 days");
    assertThat(Elapsed.WORDS.text(s(20 * 86_400))).isEqualTo("2 weeks");
    assertThat(Elapsed.WORDS.text(s(-30)))
        .as("a clock behind the engine's")
        .isEqualTo("Less than a second");
  }

  @Test
  void theNextChangeIsTheEndOfTheUnitTheTextCountsIn() {
    assertThat(Elapsed.WORDS.nextChange(Duration.ofMillis(400))).isEqualTo(s(1));
    assertThat(Elapsed.WORDS.nextChange(s(7))).isEqualTo(s(8));
    assertThat(Elapsed.WORDS.nextChange(s(59))).isEqualTo(s(60));
    assertThat(Elapsed.WORDS.nextChange(s(61))).isEqualTo(s(120));
    assertThat(Elapsed.WORDS.nextChange(s(3 * 3_600 + 10))).isEqualTo(s(3 * 3_600 + 1_800));
    // Weeks end where months begin, not at the next whole week.
    assertThat(Elapsed.WORDS.nextChange(s(57 * 86_400))).isEqualTo(s(60 * 86_400 - 1_800));
    assertThat(Elapsed.AGO.nextChange(s(57 * 86_400))).isEqualTo(s(60 * 86_400));
    assertThat(Elapsed.SHORT.nextChange(s(119))).isEqualTo(s(120));
    assertThat(Elapsed.SHORT.nextChange(s(121))).isEqualTo(s(180));
    assertThat(Elapsed.AGO.nextChange(s(5)))
        .as("\"just now\" lasts the first minute")
        .isEqualTo(s(60));
  }

  @Test
  void everyStyleChangesItsTextExactlyAtItsNextChangeAndNotBefore() {
    for (var style : Elapsed.values()) {
      for (long at = 0; at < 3 * 86_400; at = style.nextChange(s(at)).getSeconds()) {
        var next = style.nextChange(s(at));
        assertThat(style.text(next.minusSeconds(1)))
            .as("%s just before %s", style, next)
            .isEqualTo(style.text(s(at)));
        assertThat(style.text(next)).as("%s at %s", style, next).isNotEqualTo(style.text(s(at)));
      }
    }
  }

  @Test
  void shortIsKubectlsAge() {
    assertThat(Elapsed.SHORT.text(s(45))).isEqualTo("45s");
    assertThat(Elapsed.SHORT.text(s(12 * 60))).isEqualTo("12m");
    assertThat(Elapsed.SHORT.text(s(5 * 3_600))).isEqualTo("5h");
    assertThat(Elapsed.SHORT.text(s(3 * 86_400))).isEqualTo("3d");
  }
}
