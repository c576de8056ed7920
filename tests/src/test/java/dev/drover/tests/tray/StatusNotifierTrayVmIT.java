package dev.drover.tests.tray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.ui.tray.StatusNotifierTrayView;
import dev.drover.app.ui.tray.TrayMenu;
import dev.drover.app.ui.tray.dbus.DbusMenu;
import dev.drover.icons.IconState;
import dev.drover.tests.support.RealParts;
import dev.drover.vm.VmState;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.instance.VmControl;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.qemu.QemuDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.Container;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux tray as KDE and GNOME (with AppIndicator) see it: the packaged app on a private D-Bus
 * session bus ({@code dbus-daemon}) where a stand-in for the desktop's StatusNotifierWatcher runs.
 * Drover's item registers there; its menu is read back as {@code com.canonical.dbusmenu}; clicking
 * Start engine boots Drover's real VM (QEMU) and Stop engine powers it down, and the item's icon
 * and tool tip follow; Quit Drover ends the app. No other engine is reachable, so the engine the
 * tray shows is the VM's. One VM boot.
 */
class StatusNotifierTrayVmIT {

  private static final Duration BOOT = Duration.ofMinutes(6);
  private static final String ITEM_INTERFACE = "org.kde.StatusNotifierItem";

  @TempDir Path configHome;
  @TempDir Path dockerConfig;
  @TempDir Path busFolder;
  private PrivateSessionBus bus;
  private StandInStatusNotifierWatcher watcher;
  private Process app;

  @BeforeAll
  static void requireTheParts() {
    RealParts.display();
    PackagedApp.require();
    PackagedApp.requireOnPath("dbus-daemon", "./run-tests.sh installs dbus-daemon");
    if (QemuDriver.findQemu(System.getenv(), GuestArch.ofHost(System.getProperty("os.arch")))
        .isEmpty()) RealParts.missing("QEMU (qemu-system-x86_64, qemu-img) is not installed");
    var guest =
        RealParts.require(
            "DROVER_GUEST_IMAGE", "no guest image; build it with vm-bridge/guest/build-guest.sh");
    GuestImage.in(Path.of(guest)).missing().ifPresent(RealParts::missing);
  }

  @AfterEach
  void stopWhatWasStarted() throws Exception {
    if (app != null && app.isAlive()) {
      app.destroy();
      if (!app.waitFor(40, TimeUnit.SECONDS)) app.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
    qemuOfThisTest().forEach(ProcessHandle::destroyForcibly);
    if (watcher != null) watcher.close();
    if (bus != null) bus.close();
  }

  @Test
  void trayMenuOverDbusStartsAndStopsTheVmAndTheIconFollows() throws Exception {
    bus = PrivateSessionBus.start(busFolder);
    watcher = StandInStatusNotifierWatcher.on(bus.address());

    var launch =
        PackagedApp.launcher(configHome).redirectOutput(configHome.resolve("stdout.txt").toFile());
    launch.environment().put("DBUS_SESSION_BUS_ADDRESS", bus.address());
    // No engine but the VM's: the tray's state is the VM's alone.
    launch.environment().put("DOCKER_HOST", "unix://" + configHome.resolve("no-engine.sock"));
    launch.environment().put("DOCKER_CONFIG", dockerConfig.toString());
    app = launch.start();
    var log = configHome.resolve("logs/drover.log");

    var item =
        await("Drover's item registers with the desktop's watcher")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  assertThat(app.isAlive()).as("Drover runs; its output:\n" + output()).isTrue();
                  return watcher.items();
                },
                items -> !items.isEmpty() || itemWasRefused())
            .stream()
            .findFirst()
            .orElse("(none)");
    assertThat(item)
        .as("the item's bus name; the app's output:\n" + output())
        .startsWith("org.kde.StatusNotifierItem-" + app.pid());
    assertThat(PackagedApp.read(log))
        .contains("Drover's icon is in the system tray (a StatusNotifierItem");

    var connection = watcher.bus();
    var properties = connection.getRemoteObject(item, "/StatusNotifierItem", Properties.class);
    assertThat((String) properties.Get(ITEM_INTERFACE, "Id")).isEqualTo("drover");
    var menuPath = properties.Get(ITEM_INTERFACE, "Menu").toString();
    assertThat(menuPath).isEqualTo("/MenuBar");
    var menu = connection.getRemoteObject(item, menuPath, DbusMenu.class);

    await("the menu, read over D-Bus, is AWT's tray menu with no engine reachable")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(labels(menu))
                    .containsExactly(
                        "Open Drover",
                        "-",
                        "Engine unreachable: …",
                        "Start engine",
                        "Stop engine",
                        "Restart engine",
                        "-",
                        "Kubernetes: …",
                        "Kubernetes",
                        "Kubernetes context",
                        "-",
                        "Containers",
                        "Kubernetes",
                        "Preferences…",
                        "-",
                        "Quit Drover"));

    var instance =
        VmInstance.forUser(
            Map.of("DROVER_CONFIG_HOME", configHome.toString()), configHome, "Linux", "drover");
    var control = new VmControl(instance);
    await("the app owns the VM, and with no engine it offers Start engine")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                control.ownerPid().orElse(0) == app.pid()
                    && enabled(menu, TrayMenu.START_ENGINE)
                    && Arrays.equals(icon(properties), expectedIcon(IconState.ERROR)));
    assertThat(enabled(menu, TrayMenu.STOP_ENGINE)).isFalse();

    click(menu, TrayMenu.START_ENGINE);
    await("the VM runs")
        .atMost(BOOT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> control.status().state(), VmState.RUNNING::equals);
    await("the app reaches the VM's engine, and the icon turns to running")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(PackagedApp.read(log)).contains("connected to Drover's VM");
              assertThat(icon(properties)).isEqualTo(expectedIcon(IconState.RUNNING));
              assertThat(toolTip(properties)).startsWith("Drover: Engine running: Docker");
              assertThat(enabled(menu, TrayMenu.STOP_ENGINE)).isTrue();
            });
    assertThat(qemuOfThisTest()).as("QEMU runs for this app").isNotEmpty();

    click(menu, TrayMenu.STOP_ENGINE);
    await("the VM powers down, and the icon turns to stopped")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(control.status().state()).isEqualTo(VmState.STOPPED);
              assertThat(icon(properties)).isEqualTo(expectedIcon(IconState.STOPPED));
              assertThat(toolTip(properties)).isEqualTo("Drover: Engine stopped");
              assertThat(enabled(menu, TrayMenu.START_ENGINE)).isTrue();
            });
    assertThat(qemuOfThisTest()).as("no QEMU left after Stop engine").isEmpty();

    click(menu, TrayMenu.QUIT);
    assertThat(app.waitFor(2, TimeUnit.MINUTES)).as("Quit Drover ends the app").isTrue();
    assertThat(app.exitValue()).isZero();
  }

  private boolean itemWasRefused() {
    try {
      return output().contains("trying the system tray");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String output() throws IOException {
    return PackagedApp.read(configHome.resolve("stdout.txt"));
  }

  private static void click(DbusMenu menu, int id) {
    menu.Event(id, "clicked", new Variant<>(""), new UInt32(0));
  }

  /** The top level's labels as read over D-Bus; "-" for a separator, lines cut after ": ". */
  private static List<String> labels(DbusMenu menu) {
    var labels = new ArrayList<String>();
    for (var child : menu.GetLayout(0, -1, List.of()).layout.children) {
      var properties = itemProperties(child.getValue());
      if ("separator".equals(value(properties, "type"))) {
        labels.add("-");
        continue;
      }
      var label = (String) value(properties, "label");
      if (Boolean.FALSE.equals(value(properties, "enabled")) && label.contains(": "))
        label = label.substring(0, label.indexOf(": ") + 2) + "…";
      labels.add(label);
    }
    return labels;
  }

  /** Whether item {@code id} can be clicked: dbusmenu leaves out "enabled" when it is true. */
  private static boolean enabled(DbusMenu menu, int id) {
    var properties = menu.GetGroupProperties(List.of(id), List.of("enabled"));
    if (properties.isEmpty()) throw new AssertionError("no menu item " + id);
    var value = properties.getFirst().properties.get("enabled");
    return value == null || !Boolean.FALSE.equals(value.getValue());
  }

  /** The item's 16-pixel icon, as the desktop reads it. */
  private static byte[] icon(Properties item) throws Exception {
    List<?> pixmaps = item.Get(ITEM_INTERFACE, "IconPixmap");
    for (var pixmap : pixmaps) {
      var fields = fields(pixmap);
      if (((Number) fields[0]).intValue() == 16) return bytes(fields[2]);
    }
    throw new AssertionError("no 16-pixel icon among " + pixmaps.size());
  }

  /** An {@code ay}: dbus-java hands it over as a byte array or, inside a variant, a list. */
  private static byte[] bytes(Object array) {
    if (array instanceof byte[] bytes) return bytes;
    var list = (List<?>) array;
    var bytes = new byte[list.size()];
    for (int i = 0; i < bytes.length; i++) bytes[i] = ((Number) list.get(i)).byteValue();
    return bytes;
  }

  private static byte[] expectedIcon(IconState state) throws Exception {
    return StatusNotifierTrayView.pixmap(state, 16).argb;
  }

  private static String toolTip(Properties item) throws Exception {
    return (String) fields(item.Get(ITEM_INTERFACE, "ToolTip"))[3];
  }

  private static Map<?, ?> itemProperties(Object layout) {
    return (Map<?, ?>) fields(layout)[1];
  }

  private static Object value(Map<?, ?> properties, String name) {
    var value = properties.get(name);
    return value instanceof Variant<?> variant ? variant.getValue() : value;
  }

  /** A D-Bus structure's fields, whichever form dbus-java hands it over in. */
  private static Object[] fields(Object struct) {
    if (struct instanceof Object[] array) return array;
    if (struct instanceof List<?> list) return list.toArray();
    if (struct instanceof Container) {
      return Arrays.stream(struct.getClass().getFields())
          .filter(field -> field.isAnnotationPresent(Position.class))
          .sorted(
              Comparator.comparingInt((Field field) -> field.getAnnotation(Position.class).value()))
          .map(
              field -> {
                try {
                  return field.get(struct);
                } catch (IllegalAccessException e) {
                  throw new IllegalStateException(e);
                }
              })
          .toArray();
    }
    throw new AssertionError("not a D-Bus structure: " + struct.getClass() + " " + struct);
  }

  /**
   * QEMU processes whose command line names this test's config folder (where the VM's disk lives).
   */
  private List<ProcessHandle> qemuOfThisTest() {
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("qemu-system") && c.contains(configHome.toString()))
                    .orElse(false))
        .toList();
  }
}
