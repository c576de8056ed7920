package dev.drover.app.ui.tray;

import dev.drover.app.ui.tray.dbus.AboutToShowGroupReply;
import dev.drover.app.ui.tray.dbus.DbusMenu;
import dev.drover.app.ui.tray.dbus.IconPixmap;
import dev.drover.app.ui.tray.dbus.LayoutReply;
import dev.drover.app.ui.tray.dbus.MenuEvent;
import dev.drover.app.ui.tray.dbus.MenuItemProperties;
import dev.drover.app.ui.tray.dbus.MenuLayout;
import dev.drover.app.ui.tray.dbus.StatusNotifierItem;
import dev.drover.app.ui.tray.dbus.StatusNotifierWatcher;
import dev.drover.app.ui.tray.dbus.ToolTip;
import dev.drover.icons.DroverIcons;
import dev.drover.icons.IconState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.util.Subscription;
import javax.imageio.ImageIO;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray icon as a freedesktop StatusNotifierItem on the D-Bus session bus, with its menu as
 * {@code com.canonical.dbusmenu}: what KDE Plasma, GNOME with the AppIndicator extension and most
 * other Linux desktops show, X11 or Wayland, where AWT's X11 tray shows nothing. The desktop draws
 * the icon and the menu from what it reads here.
 *
 * <p>D-Bus calls arrive on dbus-java's threads and read only the last snapshot of the menu, taken
 * on the FX thread whenever the view model changes; clicks are handed to {@code fx}. Signals that
 * tell the desktop to read again go out on a thread of their own, so the FX thread never waits for
 * the bus.
 */
public final class StatusNotifierTrayView implements TrayView {

  /** The variable that names the session bus; without it there is no bus to use. */
  public static final String SESSION_BUS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS";

  static final String ITEM_PATH = "/StatusNotifierItem";
  static final String MENU_PATH = "/MenuBar";
  private static final String ITEM_INTERFACE = "org.kde.StatusNotifierItem";
  private static final String MENU_INTERFACE = "com.canonical.dbusmenu";
  private static final Logger LOG = LoggerFactory.getLogger(StatusNotifierTrayView.class);

  private final TrayViewModel model;
  private final Executor fx;
  private final DBusConnection bus;
  private final String busName;
  private final Map<IconState, List<IconPixmap>> pixmaps;
  private final ExecutorService signals =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("tray-dbus-signals").factory());
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicInteger revision = new AtomicInteger(1);
  private final Item item = new Item();
  private final Menu menu = new Menu();

  private volatile List<TrayMenu.Item> items = List.of();
  private volatile IconState state = IconState.STARTING;
  private volatile String tooltip = "Drover";
  private volatile AutoCloseable watcherRestarts;

  private StatusNotifierTrayView(
      TrayViewModel model,
      Executor fx,
      DBusConnection bus,
      Map<IconState, List<IconPixmap>> icons) {
    this.model = model;
    this.fx = fx;
    this.bus = bus;
    this.pixmaps = icons;
    this.busName = "org.kde.StatusNotifierItem-" + ProcessHandle.current().pid() + "-1";
  }

  /**
   * Connects to the session bus named in {@code environment} and returns the tray there, ready for
   * {@link #show()}; empty when there is no session bus or no StatusNotifierWatcher on it (the
   * desktop has no such tray), after saying so in the log. Call off the FX thread.
   */
  public static Optional<StatusNotifierTrayView> connect(
      TrayViewModel model, Executor fx, Map<String, String> environment) {
    var address = environment.get(SESSION_BUS_VARIABLE);
    if (address == null || address.isBlank()) {
      LOG.info(
          "No D-Bus session bus ({} is not set): no StatusNotifierItem tray.",
          SESSION_BUS_VARIABLE);
      return Optional.empty();
    }
    DBusConnection bus = null;
    try {
      bus = DBusConnectionBuilder.forAddress(address).withShared(false).build();
      var daemon = bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
      if (!daemon.NameHasOwner(StatusNotifierWatcher.BUS_NAME)) {
        LOG.info(
            "The session bus has no {} (the desktop shows no StatusNotifierItem tray).",
            StatusNotifierWatcher.BUS_NAME);
        bus.close();
        return Optional.empty();
      }
      return Optional.of(new StatusNotifierTrayView(model, fx, bus, loadPixmaps()));
    } catch (DBusException | IOException | RuntimeException e) {
      LOG.info("The D-Bus session bus could not be used for the tray ({}).", e.toString());
      if (bus != null) bus.disconnect();
      return Optional.empty();
    }
  }

  @Override
  public boolean show() {
    try {
      bus.requestBusName(busName);
      bus.exportObject(ITEM_PATH, item);
      bus.exportObject(MENU_PATH, menu);
      // A desktop whose tray restarts (a Plasma or GNOME Shell restart) gets a new watcher, which
      // knows no items: register again with it.
      watcherRestarts =
          bus.addSigHandler(
              DBus.NameOwnerChanged.class,
              changed -> {
                if (StatusNotifierWatcher.BUS_NAME.equals(changed.name)
                    && !changed.newOwner.isEmpty()) signals.execute(this::registerAgain);
              });
      register();
    } catch (DBusException | DBusExecutionException e) {
      LOG.info(
          "The desktop's StatusNotifierWatcher refused Drover's icon ({}): trying the system tray.",
          e.getMessage());
      return false;
    }
    LOG.info(
        "Drover's icon is in the system tray (a StatusNotifierItem, {} on the D-Bus session bus).",
        busName);
    fx.execute(this::bind);
    return true;
  }

  private void registerAgain() {
    try {
      register();
      LOG.info("Drover's icon is registered with the desktop's new StatusNotifierWatcher.");
    } catch (DBusExecutionException e) {
      LOG.info(
          "The desktop's new StatusNotifierWatcher refused Drover's icon ({}).", e.getMessage());
    }
  }

  private void register() {
    try {
      bus.getRemoteObject(
              StatusNotifierWatcher.BUS_NAME,
              StatusNotifierWatcher.OBJECT_PATH,
              StatusNotifierWatcher.class)
          .RegisterStatusNotifierItem(busName);
    } catch (DBusException e) {
      throw new DBusExecutionException(e.getMessage(), e);
    }
  }

  /** On the FX thread: follows the view model, publishing each change to the bus. */
  private void bind() {
    for (var value :
        List.of(
            model.iconProperty(),
            model.tooltipProperty(),
            model.engineLineProperty(),
            model.canStartProperty(),
            model.canStopProperty(),
            model.canRestartProperty(),
            model.restartTextProperty(),
            model.kubernetesProperty())) {
      subscriptions.add(value.subscribe(this::publish));
    }
    publish();
  }

  /** On the FX thread: a new snapshot of the menu and icon, and the signals that announce it. */
  private void publish() {
    var nextItems = TrayMenu.of(model);
    var nextState = model.iconProperty().get();
    var nextTooltip = model.tooltipProperty().get();
    boolean newIcon = nextState != state;
    boolean newTooltip = !nextTooltip.equals(tooltip);
    boolean newLayout = !TrayMenu.shown(nextItems).equals(TrayMenu.shown(items));
    items = nextItems;
    state = nextState;
    tooltip = nextTooltip;
    int layoutRevision = newLayout ? revision.incrementAndGet() : revision.get();
    signals.execute(
        () -> {
          if (newIcon) send(() -> new StatusNotifierItem.NewIcon(ITEM_PATH));
          if (newTooltip) send(() -> new StatusNotifierItem.NewToolTip(ITEM_PATH));
          if (newLayout)
            send(() -> new DbusMenu.LayoutUpdated(MENU_PATH, new UInt32(layoutRevision), 0));
        });
  }

  @FunctionalInterface
  private interface SignalMaker {
    DBusSignal make() throws DBusException;
  }

  private void send(SignalMaker signal) {
    try {
      bus.sendMessage(signal.make());
    } catch (DBusException | RuntimeException e) {
      LOG.debug("A tray signal was not sent: {}", e.toString());
    }
  }

  @Override
  public void close() {
    fx.execute(() -> subscriptions.forEach(Subscription::unsubscribe));
    signals.shutdown();
    try {
      if (watcherRestarts != null) watcherRestarts.close();
      bus.unExportObject(ITEM_PATH);
      bus.unExportObject(MENU_PATH);
      bus.releaseBusName(busName);
    } catch (Exception e) {
      LOG.debug("Leaving the session bus: {}", e.toString());
    } finally {
      bus.disconnect();
    }
  }

  /** Each state's icon in every size the icons module renders, as ARGB32 in network byte order. */
  private static Map<IconState, List<IconPixmap>> loadPixmaps() throws IOException {
    var all = new EnumMap<IconState, List<IconPixmap>>(IconState.class);
    for (var iconState : IconState.values()) {
      var sizes = new ArrayList<IconPixmap>();
      for (int size : DroverIcons.TRAY_SIZES) sizes.add(pixmap(iconState, size));
      all.put(iconState, List.copyOf(sizes));
    }
    return all;
  }

  /** The icon of {@code iconState} at {@code size}, the way a StatusNotifierItem passes it. */
  public static IconPixmap pixmap(IconState iconState, int size) throws IOException {
    var image = ImageIO.read(DroverIcons.tray(iconState, size));
    int width = image.getWidth();
    int height = image.getHeight();
    var argb = new byte[width * height * 4];
    int at = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int pixel = image.getRGB(x, y);
        argb[at++] = (byte) (pixel >>> 24);
        argb[at++] = (byte) (pixel >>> 16);
        argb[at++] = (byte) (pixel >>> 8);
        argb[at++] = (byte) pixel;
      }
    }
    return new IconPixmap(width, height, argb);
  }

  private static Map<String, Variant<?>> itemProperties(
      List<IconPixmap> icon, String tooltip, List<IconPixmap> noIcon) {
    var properties = new LinkedHashMap<String, Variant<?>>();
    properties.put("Category", new Variant<>("ApplicationStatus"));
    properties.put("Id", new Variant<>("drover"));
    properties.put("Title", new Variant<>("Drover"));
    properties.put("Status", new Variant<>("Active"));
    properties.put("WindowId", new Variant<>(0));
    // No theme name: every desktop then draws the pixmaps, which carry the state's colour.
    properties.put("IconName", new Variant<>(""));
    properties.put("IconThemePath", new Variant<>(""));
    properties.put("IconPixmap", new Variant<>(icon, "a(iiay)"));
    properties.put("OverlayIconName", new Variant<>(""));
    properties.put("OverlayIconPixmap", new Variant<>(noIcon, "a(iiay)"));
    properties.put("AttentionIconName", new Variant<>(""));
    properties.put("AttentionIconPixmap", new Variant<>(noIcon, "a(iiay)"));
    properties.put("AttentionMovieName", new Variant<>(""));
    properties.put(
        "ToolTip", new Variant<>(new ToolTip("", List.of(), "Drover", tooltip), "(sa(iiay)ss)"));
    properties.put("ItemIsMenu", new Variant<>(false));
    properties.put("Menu", new Variant<>(new DBusPath(MENU_PATH)));
    return properties;
  }

  /** The exported {@code org.kde.StatusNotifierItem}. */
  private final class Item implements StatusNotifierItem, Properties {
    @Override
    public String getObjectPath() {
      return ITEM_PATH;
    }

    @Override
    public void Activate(int x, int y) {
      fx.execute(model::openWindow);
    }

    @Override
    public void SecondaryActivate(int x, int y) {
      fx.execute(model::openWindow);
    }

    @Override
    public void ContextMenu(int x, int y) {
      // The desktop draws the menu from the Menu property.
    }

    @Override
    public void Scroll(int delta, String orientation) {}

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String interfaceName, String name) {
      var value = GetAll(interfaceName).get(name);
      if (value == null)
        throw new DBusExecutionException("No property " + name + " on " + ITEM_INTERFACE);
      return (A) value;
    }

    @Override
    public <A> void Set(String interfaceName, String name, A value) {
      throw new DBusExecutionException("The properties of " + ITEM_INTERFACE + " are read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String interfaceName) {
      return itemProperties(pixmaps.get(state), tooltip, List.of());
    }
  }

  /** The exported {@code com.canonical.dbusmenu}. */
  private final class Menu implements DbusMenu, Properties {
    @Override
    public String getObjectPath() {
      return MENU_PATH;
    }

    @Override
    public LayoutReply<UInt32, MenuLayout> GetLayout(
        int parentId, int recursionDepth, List<String> propertyNames) {
      var current = items;
      int currentRevision = revision.get();
      MenuLayout layout;
      if (parentId == 0) {
        layout =
            new MenuLayout(
                0,
                filter(Map.of("children-display", new Variant<>("submenu")), propertyNames),
                children(current, recursionDepth, propertyNames));
      } else {
        var parent =
            TrayMenu.find(current, parentId)
                .orElseThrow(() -> new DBusExecutionException("No menu item " + parentId));
        layout = layout(parent, recursionDepth, propertyNames);
      }
      return new LayoutReply<>(new UInt32(currentRevision), layout);
    }

    @Override
    public List<MenuItemProperties> GetGroupProperties(
        List<Integer> ids, List<String> propertyNames) {
      var current = items;
      var found = new ArrayList<MenuItemProperties>();
      for (int id : ids) {
        TrayMenu.find(current, id)
            .ifPresent(
                entry ->
                    found.add(
                        new MenuItemProperties(id, filter(properties(entry), propertyNames))));
      }
      return found;
    }

    @Override
    public Variant<?> GetProperty(int id, String name) {
      var value =
          TrayMenu.find(items, id)
              .map(entry -> properties(entry).get(name))
              .orElseThrow(() -> new DBusExecutionException("No menu item " + id));
      if (value == null) throw new DBusExecutionException("Menu item " + id + " has no " + name);
      return value;
    }

    @Override
    public void Event(int id, String eventId, Variant<?> data, UInt32 timestamp) {
      if (!"clicked".equals(eventId)) return;
      var entry = TrayMenu.find(items, id);
      if (entry.isEmpty()) throw new DBusExecutionException("No menu item " + id);
      if (!entry.get().enabled()) return; // a click that raced the item's disabling
      entry.get().action().ifPresent(action -> fx.execute(() -> action.accept(model)));
    }

    @Override
    public List<Integer> EventGroup(List<MenuEvent> events) {
      var unknown = new ArrayList<Integer>();
      for (var event : events) {
        if (TrayMenu.find(items, event.id).isEmpty()) unknown.add(event.id);
        else Event(event.id, event.eventId, event.data, event.timestamp);
      }
      return unknown;
    }

    @Override
    public boolean AboutToShow(int id) {
      return false; // the layout is always current: each change is signalled
    }

    @Override
    public AboutToShowGroupReply<List<Integer>, List<Integer>> AboutToShowGroup(List<Integer> ids) {
      var current = items;
      var unknown =
          ids.stream().filter(id -> id != 0 && TrayMenu.find(current, id).isEmpty()).toList();
      return new AboutToShowGroupReply<>(List.<Integer>of(), unknown);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String interfaceName, String name) {
      var value = GetAll(interfaceName).get(name);
      if (value == null)
        throw new DBusExecutionException("No property " + name + " on " + MENU_INTERFACE);
      return (A) value;
    }

    @Override
    public <A> void Set(String interfaceName, String name, A value) {
      throw new DBusExecutionException("The properties of " + MENU_INTERFACE + " are read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String interfaceName) {
      return Map.of(
          "Version", new Variant<>(new UInt32(3)),
          "TextDirection", new Variant<>("ltr"),
          "Status", new Variant<>("normal"),
          "IconThemePath", new Variant<>(List.of(), "as"));
    }

    private List<Variant<?>> children(
        List<TrayMenu.Item> entries, int depth, List<String> propertyNames) {
      if (depth == 0) return List.of();
      var children = new ArrayList<Variant<?>>();
      for (var entry : entries) {
        children.add(
            new Variant<>(
                layout(entry, depth < 0 ? -1 : depth - 1, propertyNames), MenuLayout.SIGNATURE));
      }
      return children;
    }

    private MenuLayout layout(TrayMenu.Item entry, int depth, List<String> propertyNames) {
      return new MenuLayout(
          entry.id(),
          filter(properties(entry), propertyNames),
          children(entry.children(), depth, propertyNames));
    }
  }

  /** An item's dbusmenu properties; defaults (enabled, visible, type standard) are left out. */
  static Map<String, Variant<?>> properties(TrayMenu.Item entry) {
    var properties = new LinkedHashMap<String, Variant<?>>();
    if (entry.kind() == TrayMenu.Kind.SEPARATOR) {
      properties.put("type", new Variant<>("separator"));
      return properties;
    }
    properties.put("label", new Variant<>(entry.label().replace("_", "__")));
    if (!entry.enabled()) properties.put("enabled", new Variant<>(false));
    switch (entry.kind()) {
      case CHECK -> {
        properties.put("toggle-type", new Variant<>("checkmark"));
        properties.put("toggle-state", new Variant<>(entry.checked() ? 1 : 0));
      }
      case CHOICE -> {
        properties.put("toggle-type", new Variant<>("radio"));
        properties.put("toggle-state", new Variant<>(entry.checked() ? 1 : 0));
      }
      case SUBMENU -> properties.put("children-display", new Variant<>("submenu"));
      default -> {}
    }
    return properties;
  }

  private static Map<String, Variant<?>> filter(
      Map<String, Variant<?>> properties, List<String> names) {
    if (names == null || names.isEmpty()) return properties;
    var kept = new LinkedHashMap<String, Variant<?>>();
    for (var name : names) if (properties.containsKey(name)) kept.put(name, properties.get(name));
    return kept;
  }
}
