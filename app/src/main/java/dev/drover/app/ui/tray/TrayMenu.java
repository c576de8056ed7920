package dev.drover.app.ui.tray;

import dev.drover.app.ui.shell.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The tray menu as data, read from a {@link TrayViewModel} at one moment: what a tray that draws
 * the menu itself (the desktop, over D-Bus) is given. Each item has a fixed id, so that a click
 * names the same item after the menu changed. Read on the UI thread.
 */
public final class TrayMenu {

  /** What an item is. */
  public enum Kind {
    /** A command: clicking it runs {@link Item#action()}. */
    COMMAND,
    /** A line of text that cannot be clicked (the engine's and the cluster's state). */
    LINE,
    SEPARATOR,
    /** A command with a check mark that shows {@link Item#checked()}. */
    CHECK,
    /** One of several choices, the chosen one marked. */
    CHOICE,
    /** A submenu: its {@link Item#children()}. */
    SUBMENU
  }

  /** One item; {@code action} is empty for items that do nothing when clicked. */
  public record Item(
      int id,
      Kind kind,
      String label,
      boolean enabled,
      boolean checked,
      List<Item> children,
      Optional<Consumer<TrayViewModel>> action) {
    public Item {
      children = List.copyOf(children);
    }
  }

  public static final int OPEN = 1;
  public static final int ENGINE_LINE = 3;
  public static final int START_ENGINE = 4;
  public static final int STOP_ENGINE = 5;
  public static final int RESTART_ENGINE = 6;
  public static final int KUBERNETES_LINE = 8;
  public static final int KUBERNETES_SWITCH = 9;
  public static final int KUBERNETES_CONTEXTS = 10;
  public static final int CONTAINERS_PAGE = 12;
  public static final int KUBERNETES_PAGE = 13;
  public static final int PREFERENCES = 14;
  public static final int QUIT = 16;

  /** The first id of the kubeconfig contexts in {@link #KUBERNETES_CONTEXTS}, one id each. */
  public static final int FIRST_CONTEXT = 100;

  private TrayMenu() {}

  /**
   * The menu as {@code model} shows it now: the same items, in the same order, as AWT's tray menu.
   */
  public static List<Item> of(TrayViewModel model) {
    var cluster = model.kubernetesProperty().get();
    var contexts = new ArrayList<Item>();
    for (int i = 0; i < cluster.contexts().size(); i++) {
      var name = cluster.contexts().get(i);
      contexts.add(
          new Item(
              FIRST_CONTEXT + i,
              Kind.CHOICE,
              name,
              true,
              cluster.currentContext().filter(name::equals).isPresent(),
              List.of(),
              Optional.of(m -> m.useContext(name))));
    }
    boolean kubernetesOn = cluster.enabled();
    return List.of(
        command(OPEN, "Open Drover", true, TrayViewModel::openWindow),
        separator(2),
        line(ENGINE_LINE, model.engineLineProperty().get()),
        command(
            START_ENGINE,
            "Start engine",
            model.canStartProperty().get(),
            TrayViewModel::startEngine),
        command(
            STOP_ENGINE, "Stop engine", model.canStopProperty().get(), TrayViewModel::stopEngine),
        command(
            RESTART_ENGINE,
            model.restartTextProperty().get(),
            model.canRestartProperty().get(),
            TrayViewModel::restartEngine),
        separator(7),
        line(KUBERNETES_LINE, "Kubernetes: " + cluster.state()),
        new Item(
            KUBERNETES_SWITCH,
            Kind.CHECK,
            "Kubernetes",
            cluster.available(),
            kubernetesOn,
            List.of(),
            Optional.of(m -> m.setKubernetesEnabled(!kubernetesOn))),
        new Item(
            KUBERNETES_CONTEXTS,
            Kind.SUBMENU,
            "Kubernetes context",
            cluster.available() && !contexts.isEmpty(),
            false,
            contexts,
            Optional.empty()),
        separator(11),
        command(CONTAINERS_PAGE, "Containers", true, m -> m.openPage(Page.CONTAINERS)),
        command(KUBERNETES_PAGE, "Kubernetes", true, m -> m.openPage(Page.KUBERNETES)),
        command(PREFERENCES, "Preferences…", true, TrayViewModel::openPreferences),
        separator(15),
        command(QUIT, "Quit Drover", true, TrayViewModel::quit));
  }

  /**
   * What a user sees of {@code items}: each one's id, kind, label, state and children, without the
   * actions (which are new objects each time the menu is read).
   */
  public static List<List<Object>> shown(List<Item> items) {
    return items.stream()
        .map(
            item ->
                List.<Object>of(
                    item.id(),
                    item.kind(),
                    item.label(),
                    item.enabled(),
                    item.checked(),
                    shown(item.children())))
        .toList();
  }

  /** The item with {@code id} in {@code items} or their submenus. */
  public static Optional<Item> find(List<Item> items, int id) {
    for (var item : items) {
      if (item.id() == id) return Optional.of(item);
      var below = find(item.children(), id);
      if (below.isPresent()) return below;
    }
    return Optional.empty();
  }

  private static Item command(
      int id, String label, boolean enabled, Consumer<TrayViewModel> action) {
    return new Item(id, Kind.COMMAND, label, enabled, false, List.of(), Optional.of(action));
  }

  private static Item line(int id, String label) {
    return new Item(id, Kind.LINE, label, false, false, List.of(), Optional.empty());
  }

  private static Item separator(int id) {
    return new Item(id, Kind.SEPARATOR, "", true, false, List.of(), Optional.empty());
  }
}
