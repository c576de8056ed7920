package dev.drover.app;

import dev.drover.app.desktop.LaunchProblem;
import dev.drover.app.desktop.SingleInstance;
import dev.drover.app.settings.ConfigFolders;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Starts Drover: one per user ({@link SingleInstance}). A launch while Drover runs brings its
 * window to the front and ends, before any of the toolkit is loaded; otherwise this process becomes
 * Drover ({@link DesktopApp}).
 *
 * <p>With {@code -Ddrover.exitAfterFirstFrame=true} it prints {@code FIRST_FRAME} once the window's
 * first frame has been laid out and rendered, then quits: the first-frame benchmark reads that
 * line.
 */
public final class Launcher {

  private Launcher() {}

  /**
   * How long a second launch waits for the running Drover, which may itself be starting, to answer.
   */
  private static final Duration HANDOVER_PATIENCE = Duration.ofSeconds(10);

  public static void main(String[] args) throws InterruptedException {
    PlatformSelectorProvider.preferOverServiceLookup();
    // Nothing of JavaFX is touched (or verified) before the claim: a second launch ends quickly.
    var folders = ConfigFolders.forThisMachine();
    // The installed app's launcher passes no JVM options of the caller's, so the benchmark flag
    // comes as an argument too.
    var benchmark =
        Boolean.getBoolean("drover.exitAfterFirstFrame")
            || List.of(args).contains("--exit-after-first-frame");
    // The installer's AOT cache training run (see TrainingSession).
    var trainingSession = List.of(args).contains("--training-session");
    // A first-frame measurement is not the user's Drover: it neither hands over to one nor takes
    // their place.
    var instance = benchmark || trainingSession ? null : claimOrHandOver(folders);
    DesktopApp.run(folders, instance, benchmark, trainingSession);
  }

  /**
   * This process's claim to be the user's one Drover; ends the process when another Drover takes
   * the launch.
   */
  private static SingleInstance claimOrHandOver(ConfigFolders folders) {
    try {
      var claim = SingleInstance.claim(folders.runtimeFolder(), HANDOVER_PATIENCE);
      if (claim instanceof SingleInstance.HandedOver running) {
        System.out.println(
            "Drover is already running (pid " + running.pid() + "): its window is in front now.");
        System.exit(0);
      }
      return ((SingleInstance.Owner) claim).instance();
    } catch (SingleInstance.NotAnswering e) {
      System.err.println("Drover could not start: " + e.getMessage());
      LaunchProblem.show(e.getMessage());
      System.exit(1);
      return null;
    } catch (IOException | RuntimeException e) {
      // No lock or no unix sockets here (Windows before 10 1803): a second launch could start a
      // second Drover;
      // still better than no Drover at all.
      System.err.println(
          "Drover could not check for a Drover already running ("
              + e
              + " in "
              + folders.runtimeFolder()
              + "); starting anyway.");
      return null;
    }
  }
}
