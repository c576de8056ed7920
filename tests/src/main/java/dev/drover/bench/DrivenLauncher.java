package dev.drover.bench;

import dev.drover.app.Launcher;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.app.ui.terminal.TerminalView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * Drover's real {@link Launcher}, in the same process driven from standard input, so that the
 * launch benchmark can take the app it launched for its idle minute through a scripted session and
 * into the tray without a launch of its own. Nothing is driven until a command arrives; a thread
 * blocked reading standard input is all it adds to the app at rest. One command a line, each
 * answered by one line on standard output:
 *
 * <ul>
 *   <li>{@code session ROUNDS CONTAINER}: each round opens the container's details (the logs until
 *       lines arrive, the stats until a sample shows, the inspect JSON, the terminal until a shell
 *       prompt), goes back to the list, opens the Kubernetes page and goes back to the containers;
 *       answers {@code SESSION_DONE <ms>}.
 *   <li>{@code gc}: two full collections in the app; answers {@code GC_DONE}.
 *   <li>{@code hide}: what the window manager's close button sends; answers {@code HIDDEN} once the
 *       window is hidden (Drover keeps running in the tray).
 * </ul>
 *
 * A command that fails answers {@code FAILED <reason>}.
 */
public final class DrivenLauncher {

  static final String SESSION_DONE = "SESSION_DONE";
  static final String GC_DONE = "GC_DONE";
  static final String HIDDEN = "HIDDEN";
  static final String FAILED = "FAILED";

  /** Patience for one step of a page (a terminal on a busy machine), not a measurement. */
  private static final long STEP_PATIENCE_MS = 90_000;

  private DrivenLauncher() {}

  public static void main(String[] args) throws Exception {
    Thread.ofPlatform().daemon().name("bench-driver").start(DrivenLauncher::readCommands);
    Launcher.main(args);
  }

  private static void readCommands() {
    try (var commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line; (line = commands.readLine()) != null; ) {
        var words = line.strip().split("\\s+");
        String answer;
        try {
          answer =
              switch (words[0]) {
                case "session" -> session(Integer.parseInt(words[1]), words[2]);
                case "gc" -> gc();
                case "hide" -> hide();
                default -> throw new IllegalArgumentException("unknown command: " + line);
              };
        } catch (Exception | AssertionError e) {
          answer = FAILED + " " + e;
        }
        System.out.println(answer);
        System.out.flush();
      }
    } catch (IOException ended) {
      // the benchmark went away: nothing more to drive
    }
  }

  private static String session(int rounds, String container) throws Exception {
    var started = System.nanoTime();
    var scene = onFx(() -> droverStage().getScene());
    for (int round = 1; round <= rounds; round++) {
      nav(scene, "containers");
      await(
          "the row of " + container,
          () -> table(scene).getItems().stream().anyMatch(r -> isRunning(r, container)));
      onFx(
          () -> {
            var table = table(scene);
            var row =
                table.getItems().stream().filter(r -> isRunning(r, container)).findFirst().get();
            table.getSelectionModel().clearAndSelect(table.getItems().indexOf(row));
            ((ButtonBase) scene.lookup("#action-details")).fire();
            return null;
          });
      await(
          "log lines",
          () ->
              scene.lookup("#logs-list") instanceof ListView<?> list && !list.getItems().isEmpty());
      tab(scene, "Stats");
      await(
          "a stats sample",
          () ->
              scene.lookup("#stats-latest") instanceof Labeled latest
                  && latest.getText() != null
                  && latest.getText().contains("%"));
      tab(scene, "Inspect");
      await(
          "the inspect JSON",
          () ->
              scene.lookup("#inspect-json") instanceof TextArea json && !json.getText().isBlank());
      tab(scene, "Terminal");
      await(
          "a shell prompt",
          () ->
              scene.lookup("#terminal") instanceof TerminalView terminal
                  && terminal.screenText().contains("#"));
      onFx(
          () -> {
            ((ButtonBase) scene.lookup("#details-back")).fire();
            return null;
          });
      await("back at the list", () -> scene.lookup("#details-tabs") == null);
      nav(scene, "kubernetes");
      // the page is built on its first opening and drawn: two pulses are enough to have laid it
      // out
      Thread.sleep(500);
      nav(scene, "containers");
      await("the containers page", () -> table(scene) != null && table(scene).isVisible());
    }
    return SESSION_DONE + " " + (System.nanoTime() - started) / 1_000_000;
  }

  private static boolean isRunning(ContainerRow row, String container) {
    return row.name().equals(container) && row.running();
  }

  @SuppressWarnings("unchecked")
  private static TableView<ContainerRow> table(Scene scene) {
    return (TableView<ContainerRow>) scene.lookup("#containers-table");
  }

  private static void nav(Scene scene, String page) throws Exception {
    onFx(
        () -> {
          ((ButtonBase) scene.lookup("#nav-" + page)).fire();
          return null;
        });
  }

  private static void tab(Scene scene, String text) throws Exception {
    onFx(
        () -> {
          var tabs = (TabPane) scene.lookup("#details-tabs");
          tabs.getSelectionModel()
              .select(
                  tabs.getTabs().stream().filter(t -> t.getText().equals(text)).findFirst().get());
          return null;
        });
  }

  private static String gc() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    System.gc();
    return GC_DONE;
  }

  private static String hide() throws Exception {
    var stage = onFx(DrivenLauncher::droverStage);
    Platform.runLater(
        () -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
    await("the window hidden into the tray", () -> !stage.isShowing());
    return HIDDEN;
  }

  /** The main window: the one with the sidebar. */
  private static Stage droverStage() {
    return Window.getWindows().stream()
        .filter(w -> w instanceof Stage && w.getScene() != null)
        .filter(w -> w.getScene().lookup("#nav-containers") != null)
        .map(Stage.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no Drover window"));
  }

  /** Checks {@code done} on the FX thread every 50 ms until it holds. */
  private static void await(String what, BooleanSupplier done) throws Exception {
    var deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_PATIENCE_MS);
    while (!onFx(done::getAsBoolean)) {
      if (System.nanoTime() > deadline)
        throw new IllegalStateException("no " + what + " within " + STEP_PATIENCE_MS + " ms");
      Thread.sleep(50);
    }
  }

  private static <T> T onFx(Callable<T> work) throws Exception {
    var result = new CompletableFuture<T>();
    Platform.runLater(
        () -> {
          try {
            result.complete(work.call());
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
        });
    try {
      return result.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw e;
    }
  }
}
