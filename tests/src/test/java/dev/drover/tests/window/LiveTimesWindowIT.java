package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.time.Elapsed;
import dev.drover.app.ui.time.LiveTimeCell;
import dev.drover.app.ui.time.LiveTimes;
import dev.drover.tests.support.RealParts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Relative times in a real table under Xvfb, on a clock and timer the test moves by hand: the text
 * moves on while the table is on screen, and no timer is kept while its page or window is hidden or
 * the table is empty.
 */
@ExtendWith(ApplicationExtension.class)
class LiveTimesWindowIT {

  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    volatile Instant now = START;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /**
   * A timer that holds its task until the test runs it (on the FX thread), as the real one would
   * post it.
   */
  private static final class HandTimer implements LiveTimes.Timer {
    volatile Runnable task;
    volatile Instant due;

    @Override
    public AutoCloseable schedule(Duration delay, Runnable task) {
      this.task = task;
      this.due = clock.now.plus(delay);
      return () -> {
        this.task = null;
        this.due = null;
      };
    }
  }

  private static final HandClock clock = new HandClock();
  private final HandTimer timer = new HandTimer();
  private final LiveTimes times = new LiveTimes(clock, timer);
  private TableView<Instant> table;
  private StackPane page;
  private Stage stage;

  @BeforeAll
  static void displayPresent() {
    RealParts.display();
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
    clock.now = START;
    table = new TableView<>();
    var age = new TableColumn<Instant, Instant>("Up");
    age.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
    age.setCellFactory(c -> LiveTimeCell.of(times, Elapsed.WORDS));
    table.getColumns().setAll(List.of(age));
    table.getItems().setAll(START.minusSeconds(3));
    page = new StackPane(table);
    stage.setScene(new Scene(page, 400, 300));
    stage.show();
  }

  private String shownText() {
    return onFx(
        () ->
            table.lookupAll(".table-cell").stream()
                .filter(
                    n ->
                        n instanceof TableCell<?, ?> cell
                            && !cell.isEmpty()
                            && cell.getText() != null)
                .map(n -> ((TableCell<?, ?>) n).getText())
                .findFirst()
                .orElse(null));
  }

  /**
   * Moves the clock to when the timer is due and runs its task on the FX thread, as the real timer
   * posts it.
   */
  private void tick() {
    var due = timer.due;
    assertThat(due).as("a timer is set").isNotNull();
    clock.now = due;
    onFx(
        () -> {
          timer.task.run();
          return null;
        });
  }

  @Test
  void theTextMovesOnEachSecondWhileOnScreen(FxRobot robot) {
    assertThat(shownText()).isEqualTo("3 seconds");
    assertThat(timer.due).as("the next change, not sooner").isEqualTo(START.plusSeconds(1));

    tick();
    assertThat(shownText()).isEqualTo("4 seconds");
    assertThat(timer.due).isEqualTo(START.plusSeconds(2));

    // The UI thread came late, a minute on: the text says so, and from then on counts in minutes.
    clock.now = START.plusSeconds(57);
    onFx(
        () -> {
          timer.task.run();
          return null;
        });
    assertThat(shownText()).isEqualTo("About a minute");
    assertThat(timer.due).as("when the shown text next changes").isEqualTo(START.plusSeconds(117));
  }

  @Test
  void aHiddenPageOrWindowOrAnEmptyTableKeepsNoTimer(FxRobot robot) {
    assertThat(onFx(times::showing)).isPositive();

    onFx(() -> page.getChildren().setAll(new Label("another page")));
    assertThat(onFx(times::showing)).as("the page is not on screen").isZero();
    assertThat(timer.due).isNull();

    onFx(() -> page.getChildren().setAll(table));
    assertThat(onFx(times::showing)).isPositive();
    assertThat(timer.due).isNotNull();

    onFx(
        () -> {
          stage.hide();
          return null;
        });
    assertThat(onFx(times::showing)).as("the window is hidden").isZero();
    assertThat(timer.due).isNull();

    onFx(
        () -> {
          stage.show();
          return null;
        });
    assertThat(onFx(times::showing)).isPositive();
    onFx(
        () -> {
          table.getItems().clear();
          return null;
        });
    WaitForAsyncUtils.waitForFxEvents(); // the table redraws its rows in the next pulse
    assertThat(onFx(times::showing)).as("the table is empty").isZero();
    assertThat(timer.due).isNull();
  }

  @Test
  void aHiddenAncestorAnUnselectedTabOrAMinimisedWindowKeepsNoTimer(FxRobot robot) {
    assertThat(onFx(times::showing)).isPositive();

    onFx(
        () -> {
          page.setVisible(false);
          return null;
        });
    assertThat(onFx(times::showing)).as("the page holding the table is hidden").isZero();
    assertThat(timer.due).isNull();
    onFx(
        () -> {
          page.setVisible(true);
          return null;
        });
    assertThat(onFx(times::showing)).isPositive();

    var tabs =
        onFx(
            () -> {
              var pane =
                  new TabPane(new Tab("Containers", table), new Tab("Images", new Label("images")));
              page.getChildren().setAll(pane);
              return pane;
            });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(onFx(times::showing)).as("the table's tab is selected").isPositive();
    onFx(
        () -> {
          tabs.getSelectionModel().select(1);
          return null;
        });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(onFx(times::showing)).as("the table's tab is not selected").isZero();
    assertThat(timer.due).isNull();
    onFx(
        () -> {
          tabs.getSelectionModel().select(0);
          return null;
        });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(onFx(times::showing)).isPositive();

    // A window of its own: without a window manager (Xvfb) a minimised window cannot be brought
    // back.
    var other =
        onFx(
            () -> {
              var second = new TableView<Instant>();
              var age = new TableColumn<Instant, Instant>("Up");
              age.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
              age.setCellFactory(c -> LiveTimeCell.of(times, Elapsed.WORDS));
              second.getColumns().setAll(List.of(age));
              second.getItems().setAll(START.minusSeconds(5));
              var window = new Stage();
              window.setScene(new Scene(second, 300, 200));
              window.show();
              return window;
            });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(onFx(times::showing)).as("both windows' cells").isEqualTo(2);
    onFx(
        () -> {
          other.setIconified(true);
          return null;
        });
    assertThat(onFx(times::showing)).as("the minimised window's cell keeps no timer").isEqualTo(1);
    onFx(
        () -> {
          other.close();
          return null;
        });
  }
}
