package dev.drover.app;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.util.Duration;

/**
 * What the installer's AOT cache training run does after the first frame ({@code
 * --training-session}), so that the cache holds the classes and profiles of a realistic start and
 * not only of the first frame: waits for the engine's first container list to be drawn (or gives up
 * after {@link #LIST_PATIENCE}), visits the pages a user opens first, opens the first container's
 * details (logs, stats, inspect; no terminal, which would run a shell in it) and goes back, then
 * prints {@code TRAINING_DONE} and quits. Only reads: nothing is started or changed.
 */
final class TrainingSession {

  static final String DONE = "TRAINING_DONE";
  private static final Duration LIST_PATIENCE = Duration.seconds(5);
  private static final Duration PAGE_TIME = Duration.millis(400);

  /**
   * A pane or two, as a start usually goes on: the Kubernetes page (Fabric8's model) would double
   * the cache for users who never open it.
   */
  private static final List<String> PAGES = List.of("images", "containers");

  private final Scene scene;
  private final Runnable exit;
  private final ArrayDeque<Step> steps = new ArrayDeque<>();

  /** One step: an action, then a wait until {@code done} holds or {@code patience} has passed. */
  private record Step(Runnable action, BooleanSupplier done, Duration patience) {}

  private TrainingSession(Scene scene, Runnable exit) {
    this.scene = scene;
    this.exit = exit;
  }

  /** Starts the session on the FX thread, once the first frame is drawn. */
  static void start(Scene scene, Runnable exit) {
    new TrainingSession(scene, exit).run();
  }

  private void run() {
    steps.add(new Step(() -> {}, () -> !rows().isEmpty(), LIST_PATIENCE));
    for (var page : PAGES) steps.add(new Step(() -> fire("#nav-" + page), () -> false, PAGE_TIME));
    steps.add(
        new Step(
            () -> {
              if (!(scene.lookup("#containers-table") instanceof TableView<?> table)
                  || table.getItems().isEmpty()) return;
              table.getSelectionModel().clearAndSelect(0);
              fire("#action-details");
            },
            () -> false,
            Duration.seconds(1)));
    for (var tab : List.of("Stats", "Inspect"))
      steps.add(new Step(() -> selectTab(tab), () -> false, PAGE_TIME));
    steps.add(new Step(() -> fire("#details-back"), () -> false, PAGE_TIME));
    next();
  }

  private void next() {
    var step = steps.poll();
    if (step == null) {
      System.out.println(DONE);
      System.out.flush();
      exit.run();
      return;
    }
    step.action().run();
    var waited = new double[] {0};
    var poll = new Timeline();
    poll.getKeyFrames()
        .add(
            new KeyFrame(
                Duration.millis(100),
                e -> {
                  waited[0] += 100;
                  if (step.done().getAsBoolean() || waited[0] >= step.patience().toMillis()) {
                    poll.stop();
                    next();
                  }
                }));
    poll.setCycleCount(Timeline.INDEFINITE);
    poll.play();
  }

  private List<?> rows() {
    return scene.lookup("#containers-table") instanceof TableView<?> table
        ? table.getItems()
        : List.of();
  }

  private void fire(String id) {
    if (scene.lookup(id) instanceof ButtonBase button) button.fire();
  }

  private void selectTab(String text) {
    if (!(scene.lookup("#details-tabs") instanceof TabPane tabs)) return;
    tabs.getTabs().stream()
        .filter(tab -> tab.getText().toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT)))
        .findFirst()
        .ifPresent(tab -> tabs.getSelectionModel().select(tab));
  }
}
