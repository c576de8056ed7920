package dev.drover.app.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class UncaughtErrorReporterTest {

  private static final String LOGS = "/home/ada/.local/state/drover/logs";

  private final List<Runnable> posted = new CopyOnWriteArrayList<>();
  private final NoticesViewModel notices = new NoticesViewModel();
  private final UncaughtErrorReporter reporter =
      new UncaughtErrorReporter(posted::add, notices, LOGS);

  private void dieOnAnotherThread(RuntimeException failure) throws InterruptedException {
    var thread =
        Thread.ofPlatform()
            .name("engine-watcher")
            .unstarted(
                () -> {
                  throw failure;
                });
    thread.setUncaughtExceptionHandler(reporter);
    thread.start();
    thread.join();
  }

  @Test
  void exceptionOnAnotherThreadBecomesANoticeNamingTheExceptionAndTheLogLocation()
      throws InterruptedException {
    dieOnAnotherThread(new IllegalStateException("table model out of sync"));

    assertThat(notices.noticesProperty())
        .as("the notice is added on the UI thread, not the failing one")
        .isEmpty();
    List.copyOf(posted).forEach(Runnable::run);

    assertThat(notices.noticesProperty())
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.title()).isEqualTo("Something went wrong");
              assertThat(notice.detail())
                  .contains("IllegalStateException: table model out of sync")
                  .contains(LOGS)
                  .contains("Drover keeps running");
            });
  }

  @Test
  void exceptionWithoutMessageIsNamedByItsType() throws InterruptedException {
    dieOnAnotherThread(new NullPointerException());

    List.copyOf(posted).forEach(Runnable::run);

    assertThat(notices.noticesProperty())
        .singleElement()
        .satisfies(
            notice ->
                assertThat(notice.detail()).startsWith("NullPointerException.").contains(LOGS));
  }

  @Test
  void sameFailureRepeatedIsOneNotice() throws InterruptedException {
    for (int i = 0; i < 3; i++) dieOnAnotherThread(new IllegalStateException("same again"));

    List.copyOf(posted).forEach(Runnable::run);

    assertThat(posted).hasSize(3);
    assertThat(notices.noticesProperty()).hasSize(1);
  }
}
