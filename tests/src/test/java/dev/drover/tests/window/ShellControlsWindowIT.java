package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import atlantafx.base.controls.Message;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.MainView;
import dev.drover.app.ui.shell.MainViewModel;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.app.ui.shell.Page;
import dev.drover.app.ui.shell.StatusBarViewModel;
import dev.drover.tests.support.RealParts;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's shell under Xvfb, with a plain label for each page: the sidebar changes the page
 * however an entry is selected (a click, the arrow keys), and an error's "Copy" is there for the
 * keyboard as for the mouse.
 */
@ExtendWith(ApplicationExtension.class)
class ShellControlsWindowIT {

  private static final String LONG_ERROR =
      "Logging in to 127.0.0.1:5000 failed: Error response from daemon: "
          + "Get \"https://127.0.0.1:5000/v2/\": 401 Unauthorized (the registry refused the user name or password)";

  private final MainViewModel main = new MainViewModel();
  private VBox root;

  @BeforeAll
  static void displayPresent() {
    RealParts.display();
  }

  @Start
  void start(Stage stage) {
    var pages = new EnumMap<Page, Supplier<Node>>(Page.class);
    for (var page : Page.values()) {
      pages.put(
          page,
          () -> {
            var shown = new Label(page.title() + " page");
            shown.setId("page-" + page.name().toLowerCase());
            return shown;
          });
    }
    var window =
        new MainView(
            main,
            new StatusBarViewModel(UiDispatcher.immediate(), () -> {}),
            new NoticesViewModel(),
            pages);
    root = new VBox(window);
    stage.setScene(new Scene(root, 1024, 700));
    stage.show();
  }

  private boolean shows(FxRobot robot, String pageId) {
    return onFx(() -> robot.lookup(pageId).tryQuery().map(Node::getScene).isPresent());
  }

  @Test
  void selectingAnEntryWithoutAnActionChangesThePage(FxRobot robot) {
    onFx(
        () -> {
          var images = robot.lookup("#nav-images").<ToggleButton>query();
          images.getToggleGroup().selectToggle(images); // as the arrow keys select: no action event
          return null;
        });

    assertThat(onFx(() -> main.pageProperty().get())).isEqualTo(Page.IMAGES);
    assertThat(shows(robot, "#page-images")).isTrue();
    assertThat(shows(robot, "#page-containers")).isFalse();
  }

  @Test
  void theArrowKeysMoveThroughThePages(FxRobot robot) {
    onFx(
        () -> {
          robot.lookup("#nav-containers").query().requestFocus();
          return null;
        });

    robot.type(KeyCode.DOWN);

    await("the next page is shown").atMost(PATIENCE).until(() -> shows(robot, "#page-images"));
    assertThat(onFx(() -> main.pageProperty().get())).isEqualTo(Page.IMAGES);
    assertThat(onFx(() -> robot.lookup("#nav-images").<ToggleButton>query().isSelected())).isTrue();
  }

  @Test
  void aClickOnThePageShownAsksForItsTopLevelAndKeepsItSelected(FxRobot robot) {
    var askedForContainers = new AtomicInteger();
    var askedForImages = new AtomicInteger();
    onFx(
        () ->
            List.of(
                main.subscribe(Page.CONTAINERS, askedForContainers::incrementAndGet),
                main.subscribe(Page.IMAGES, askedForImages::incrementAndGet)));

    robot.clickOn("#nav-containers");

    assertThat(askedForContainers)
        .as("the page shown, asked for again: a details page goes back to the list")
        .hasValue(1);
    assertThat(onFx(() -> robot.lookup("#nav-containers").<ToggleButton>query().isSelected()))
        .isTrue();
    assertThat(shows(robot, "#page-containers")).isTrue();

    robot.clickOn("#nav-images");

    assertThat(askedForImages).as("another page is asked for once").hasValue(1);
    assertThat(onFx(() -> main.pageProperty().get())).isEqualTo(Page.IMAGES);
  }

  @Test
  void anErrorsCopyIsThereWhenItsMenuIsAskedForFromTheKeyboard(FxRobot robot) {
    // No pointer over the errors: the keyboard asks for the menu.
    robot.moveTo(
        onFx(
            () -> {
              var window = root.getScene().getWindow();
              return window.getX() > 20
                  ? new Point2D(window.getX() - 10, window.getY() + 10)
                  : new Point2D(window.getX() + window.getWidth() + 10, window.getY() + 10);
            }));
    onFx(
        () -> {
          var error = ErrorText.readable(new Label(LONG_ERROR));
          error.setId("long-error");
          var notice = ErrorText.readable(new Message("Pull failed", LONG_ERROR));
          notice.setId("long-notice");
          root.getChildren().addAll(error, notice);
          return null;
        });
    onFx(
        () -> {
          var empty = new ClipboardContent();
          empty.putString("");
          Clipboard.getSystemClipboard().setContent(empty);
          return null;
        });
    for (var id : List.of("#long-error", "#long-notice")) {
      // The menu key or Shift+F10: a request with no pointer over the text before it.
      onFx(
          () -> {
            var text = robot.lookup(id).<Control>query();
            assertThat(text.getContextMenu()).as("nothing installed before it is wanted").isNull();
            Bounds bounds = text.localToScreen(text.getBoundsInLocal());
            text.fireEvent(
                new ContextMenuEvent(
                    ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                    1,
                    1,
                    bounds.getMinX() + 1,
                    bounds.getMinY() + 1,
                    true,
                    null));
            return null;
          });
      WaitForAsyncUtils.waitForFxEvents();
      assertThat(onFx(() -> robot.lookup(id).<Control>query().getContextMenu()))
          .as("%s offers its menu at once", id)
          .satisfies(menu -> assertThat(menu.isShowing()).isTrue());

      robot.clickOn("#copy-error");

      await("copied")
          .atMost(PATIENCE)
          .until(
              () -> onFx(() -> Clipboard.getSystemClipboard().getString()),
              copied -> copied != null && copied.contains(LONG_ERROR));
      onFx(
          () -> {
            var empty = new ClipboardContent();
            empty.putString("");
            Clipboard.getSystemClipboard().setContent(empty);
            return null;
          });
    }
  }
}
