package dev.drover.tests.support;

import static org.awaitility.Awaitility.await;

import dev.drover.app.Drover;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.engine.EngineEndpointResolver;
import dev.drover.kube.cluster.Kubeconfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers for window tests: read the scene on the FX thread, wait for what a user would see. */
public final class Fx {

  public static final Duration PATIENCE = Duration.ofSeconds(30);

  private Fx() {}

  /**
   * The app as a user starts it, with its settings in {@code configHome} and the engine at {@code
   * dockerHost}.
   */
  public static Drover droverFor(String dockerHost, Path configHome) {
    var env =
        Map.of(
            "DOCKER_HOST", dockerHost, ConfigFolders.CONFIG_HOME_OVERRIDE, configHome.toString());
    var folders = new ConfigFolders(env, configHome, "Linux");
    return Drover.prepare(folders, new EngineEndpointResolver(env, configHome, false));
  }

  /**
   * The app as a user starts it, as {@link #droverFor(String, Path)}, reading only {@code
   * kubeconfig} for its Kubernetes contexts.
   */
  public static Drover droverFor(String dockerHost, Path configHome, Path kubeconfig) {
    var env =
        Map.of(
            "DOCKER_HOST", dockerHost, ConfigFolders.CONFIG_HOME_OVERRIDE, configHome.toString());
    return Drover.prepare(
        new ConfigFolders(env, configHome, "Linux"),
        new EngineEndpointResolver(env, configHome, false),
        new Kubeconfigs(List.of(kubeconfig)));
  }

  /** Where the window tests that need no engine point it: the engine side shows it unreachable. */
  public static final String NO_ENGINE = "unix:///nonexistent/drover-kube-it/docker.sock";

  /** Evaluates {@code read} on the FX thread, where the scene may be read safely. */
  public static <T> T onFx(Callable<T> read) {
    try {
      return WaitForAsyncUtils.asyncFx(read).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The text of the labeled node at {@code selector}, or null while there is none. */
  public static String text(FxRobot robot, String selector) {
    return onFx(
        () -> robot.lookup(selector).<Labeled>tryQuery().map(Labeled::getText).orElse(null));
  }

  /** Waits until the label at {@code selector} shows a text that {@code expected} accepts. */
  public static void awaitText(
      FxRobot robot, String selector, Predicate<String> expected, String what) {
    await(what)
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> text(robot, selector), text -> text != null && expected.test(text));
  }

  /** Whether a visible labeled node (a cell, a label, a badge) shows exactly {@code text}. */
  public static boolean showsText(FxRobot robot, String text) {
    return onFx(
        () ->
            robot
                .lookup(
                    (Node n) -> n instanceof Labeled l && text.equals(l.getText()) && n.isVisible())
                .tryQuery()
                .isPresent());
  }

  /**
   * TestFX keeps every event fired at the stage (for its own assertions), and each event names its
   * target node: starting a new record for the same stage lets go of the old one, which would
   * otherwise hold every page.
   */
  public static void forgetTestFxEvents() {
    onFx(
        () -> {
          var context = FxToolkit.toolkitContext();
          context.setRegisteredStage(context.getRegisteredStage());
          return null;
        });
  }

  /**
   * The used heap after full collections. WebKit releases a collected page's native objects through
   * work it hands to the FX thread, so the FX thread gets a turn between the collections.
   */
  public static long usedHeapAfterGc() throws InterruptedException {
    var runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      onFx(() -> null);
      Thread.sleep(100);
    }
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
