package dev.drover.app;

import dev.drover.app.settings.ConfigFolders;
import dev.drover.engine.EngineEndpointResolver;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts Drover. Reading settings runs on a second thread while the toolkit starts, so the window is not
 * held up by file and JSON work; that thread then starts loading the UI classes the first frame needs
 * ({@link FirstFrameClasses}).
 *
 * <p>With {@code -Ddrover.exitAfterFirstFrame=true} it prints {@code FIRST_FRAME} once the window's first
 * frame has been laid out and rendered, then quits: the first-frame benchmark reads that line.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        var folders = ConfigFolders.forThisMachine();
        System.setProperty("drover.logs", folders.logsFolder().toString());
        var prepared = CompletableFuture.supplyAsync(
                () -> {
                    var drover = Drover.prepare(folders, EngineEndpointResolver.forThisMachine());
                    // After the settings (the FX thread waits for them), before the FX thread needs the UI classes.
                    FirstFrameClasses.preloadInBackground();
                    return drover;
                },
                runnable -> Thread.ofVirtual().name("prepare").start(runnable));
        var exited = new CountDownLatch(1);
        // The installed app's launcher passes no JVM options of the caller's, so the benchmark flag comes as an argument too.
        var benchmark = Boolean.getBoolean("drover.exitAfterFirstFrame") || List.of(args).contains("--exit-after-first-frame");

        Platform.startup(() -> {
            try {
                // A window hidden to the tray must not end the app: only Quit (or closing without a tray) does.
                Platform.setImplicitExit(false);
                var drover = prepared.join();
                var stage = new Stage();
                var exiting = new AtomicBoolean();
                Runnable exit = () -> {
                    if (!exiting.compareAndSet(false, true)) return;
                    stage.hide();
                    // Closing stops a VM this app runs, which takes up to its stop grace: not on the FX thread.
                    // The process ends only after it (main waits for the latch), so the VM powers down cleanly.
                    Thread.ofPlatform().name("drover-exit").start(() -> {
                        try {
                            drover.close();
                        } finally {
                            Platform.exit();
                            exited.countDown();
                        }
                    });
                };
                drover.show(stage, () -> {
                    if (!benchmark) return;
                    System.out.println("FIRST_FRAME");
                    System.out.flush();
                    exit.run();
                }, exit);
            } catch (RuntimeException | Error e) {
                // Without a window there is nobody to tell but the terminal, and nothing to keep running for.
                System.err.println("Drover could not start: " + e);
                e.printStackTrace();
                System.exit(1);
            }
        });
        exited.await();
        // Library threads (HTTP pools, stream readers) must not keep a closed app alive.
        System.exit(0);
    }
}
