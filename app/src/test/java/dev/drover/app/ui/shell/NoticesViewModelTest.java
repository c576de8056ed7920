package dev.drover.app.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoticesViewModelTest {

  private final NoticesViewModel model = new NoticesViewModel();

  private static Notice notice(int n) {
    return new Notice("Problem " + n, "detail " + n);
  }

  @Test
  void reportedNoticeIsShown() {
    model.report(notice(1));

    assertThat(model.noticesProperty()).containsExactly(notice(1));
  }

  @Test
  void repeatOfAShownNoticeIsNotAddedAgain() {
    model.report(notice(1));
    model.report(notice(2));
    model.report(new Notice("Problem 1", "detail 1"));

    assertThat(model.noticesProperty()).containsExactly(notice(1), notice(2));
  }

  @Test
  void sameTitleWithOtherDetailIsANewNotice() {
    model.report(new Notice("Something went wrong", "a"));
    model.report(new Notice("Something went wrong", "b"));

    assertThat(model.noticesProperty()).hasSize(2);
  }

  @Test
  void atMostMaxShownAreKeptAndTheOldestIsDropped() {
    for (int n = 1; n <= NoticesViewModel.MAX_SHOWN + 2; n++) model.report(notice(n));

    assertThat(model.noticesProperty()).hasSize(NoticesViewModel.MAX_SHOWN);
    assertThat(model.noticesProperty().getFirst()).isEqualTo(notice(3));
    assertThat(model.noticesProperty().getLast()).isEqualTo(notice(NoticesViewModel.MAX_SHOWN + 2));
    assertThat(model.noticesProperty()).doesNotContain(notice(1), notice(2));
  }

  @Test
  void failingLoopCannotBuryTheWindow() {
    for (int i = 0; i < 1_000; i++)
      model.report(new Notice("Something went wrong", "same failure"));

    assertThat(model.noticesProperty()).hasSize(1);
  }

  @Test
  void dismissRemovesOnlyThatNotice() {
    model.report(notice(1));
    model.report(notice(2));

    model.dismiss(notice(1));

    assertThat(model.noticesProperty()).containsExactly(notice(2));
  }

  @Test
  void dismissedNoticeCanBeReportedAgain() {
    model.report(notice(1));
    model.dismiss(notice(1));

    model.report(notice(1));

    assertThat(model.noticesProperty()).containsExactly(notice(1));
  }

  @Test
  void dismissingAnUnknownNoticeChangesNothing() {
    model.report(notice(1));

    model.dismiss(notice(9));

    assertThat(model.noticesProperty()).containsExactly(notice(1));
  }
}
