package dev.drover.app;

import dev.drover.app.desktop.SingleInstance;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.engine.EngineEndpointResolver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * The app's process once it is the user's one Drover: reads the settings on a second thread while
 * the toolkit starts, shows the window, and ends the process when Drover quits. Kept apart from
 * {@link Launcher} so that a second launch, which only hands over, loads none of JavaFX.
 */
public final class DesktopApp {

  private DesktopApp() {}

  /**
   * @param instance this process's one-instance claim, or null when there is none (a benchmark run)
   * @param trainingSession after the first frame, go through {@link TrainingSession} and quit
   */
  static void run(
      ConfigFolders folders, SingleInstance instance, boolean benchmark, boolean trainingSession)
      throws InterruptedException {
    System.setProperty("drover.logs", folders.logsFolder().toString());
    var prepared =
        CompletableFuture.supplyAsync(
            () -> {
              var drover = Drover.prepare(folders, EngineEndpointResolver.forThisMachine());
              // After the settings (the FX thread waits for them), before the FX thread needs the
              // UI classes.
              FirstFrameClasses.preloadInBackground();
              return drover;
            },
            runnable -> Thread.ofVirtual().name("prepare").start(runnable));
    var exited = new CountDownLatch(1);

    Platform.startup(
        () -> {
          try {
            // A window hidden to the tray must not end the app: only Quit (or closing without a
            // tray) does.
            Platform.setImplicitExit(false);
            var drover = prepared.join();
            var stage = new Stage();
            var exiting = new AtomicBoolean();
            Runnable exit =
                () -> {
                  if (!exiting.compareAndSet(false, true)) return;
                  // A launch from now on waits for this Drover to end and starts afresh, rather
                  // than reviving it.
                  if (instance != null) instance.quitting();
                  stage.hide();
                  // Closing stops a VM this app runs, which takes up to its stop grace: not on the
                  // FX thread.
                  // The process ends only after it (main waits for the latch), so the VM powers
                  // down cleanly.
                  Thread.ofPlatform()
                      .name("drover-exit")
                      .start(
                          () -> {
                            try {
                              drover.close();
                            } finally {
                              if (instance != null) instance.close();
                              Platform.exit();
                              exited.countDown();
                            }
                          });
                };
            drover.show(
                stage,
                () -> {
                  if (trainingSession) TrainingSession.start(stage.getScene(), exit);
                  if (!benchmark) return;
                  System.out.println("FIRST_FRAME");
                  System.out.flush();
                  exit.run();
                },
                exit);
            if (instance != null) bringToFrontOnLaunch(instance, stage);
            announcePopulatedTable(stage);
          } catch (RuntimeException | Error e) {
            // Without a window there is nobody to tell but the terminal, and nothing to keep
            // running for.
            System.err.println("Drover could not start: " + e);
            e.printStackTrace();
            System.exit(1);
          }
        });
    exited.await();
    // Library threads (HTTP pools, stream readers) must not keep a closed app alive.
    System.exit(0);
  }

  /**
   * For the launch benchmark, which times a real launch (lock and socket included) to a populated
   * table from outside the process: with {@code DROVER_BENCH_POPULATED_ROWS=N} in the environment,
   * prints {@code TABLE_POPULATED} once a frame with at least N rows in the Containers table has
   * been drawn. Nothing happens without it.
   */
  private static void announcePopulatedTable(Stage stage) {
    var wanted = System.getenv("DROVER_BENCH_POPULATED_ROWS");
    if (wanted == null || wanted.isBlank()) return;
    var rows = Integer.parseInt(wanted.strip());
    var scene = stage.getScene();
    scene.addPostLayoutPulseListener(
        new Runnable() {
          @Override
          public void run() {
            if (!(scene.lookup("#containers-table") instanceof TableView<?> t)
                || t.getItems().size() < rows) return;
            scene.removePostLayoutPulseListener(this);
            // Post-layout comes before rendering: a runLater queued now runs once this frame is
            // drawn.
            Platform.runLater(
                () -> {
                  System.out.println("TABLE_POPULATED");
                  System.out.flush();
                });
          }
        });
  }

  /**
   * From now on a later launch does what the tray's Open Drover does: a window hidden to the tray
   * or minimised comes back, in front. The launch is answered once that has happened on the FX
   * thread, or told this Drover is busy if the FX thread did not get to it within {@link
   * #SHOW_PATIENCE}. Any thread.
   */
  public static void bringToFrontOnLaunch(SingleInstance instance, Stage stage) {
    instance.listen(
        () -> {
          var shown = new CompletableFuture<Void>();
          Platform.runLater(
              () -> {
                stage.show();
                stage.setIconified(false);
                stage.toFront();
                shown.complete(null);
              });
          try {
            shown.get(SHOW_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(
                "the window did not come up within " + SHOW_PATIENCE.toMillis() + " ms", e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the window came up", e);
          }
        });
  }

  /**
   * How long the FX thread may take to bring the window back before a launch is told Drover is
   * busy.
   */
  private static final Duration SHOW_PATIENCE = Duration.ofSeconds(3);
}
