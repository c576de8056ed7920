package dev.drover.app.ui.terminal;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import java.util.Base64;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.web.WebView;
import netscape.javascript.JSObject;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A terminal tab: xterm.js in a WebView, wired to a shell in a container or a pod's container. The
 * emulator handles input, colours, cursor addressing and its own scrollback; this view only moves
 * bytes and sizes between it and the view model.
 */
public final class TerminalView extends BorderPane {

  private final TerminalViewModel model;
  private final WebView web = new WebView();
  // WebKit holds bridge objects weakly: without this field the page's calls would stop once
  // collected.
  private final Bridge bridge;
  private boolean loaded;

  public TerminalView(TerminalViewModel model, boolean dark) {
    this(model, dark, new Node[0]);
  }

  /**
   * A terminal with {@code tools} (a container picker, say) at the start of its bar, which then
   * always shows.
   */
  public TerminalView(TerminalViewModel model, boolean dark, Node... tools) {
    this.model = model;
    this.bridge = new Bridge(model);
    setId("terminal");
    web.setId("terminal-web");
    web.setContextMenuEnabled(false);

    var status = new Label();
    status.setId("terminal-status");
    status.textProperty().bind(model.messageProperty());
    status.getStyleClass().add(Styles.TEXT_MUTED);
    // The shell's end or failure, e.g. "no shell in this image": whole, and copied with a right
    // click.
    ErrorText.readable(status);
    var reopen = new Button("New shell", new FontIcon(Feather.TERMINAL));
    reopen.setId("terminal-reopen");
    reopen.visibleProperty().bind(model.stateProperty().isEqualTo(TerminalViewModel.State.ENDED));
    reopen.managedProperty().bind(reopen.visibleProperty());
    reopen.setOnAction(e -> model.reopen());
    WholeText.keep(reopen);
    var spacer = new HBox();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    var bar = new HBox(8, tools);
    bar.getChildren().addAll(status, spacer, reopen);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(6, 0, 6, 0));
    if (tools.length == 0) {
      bar.visibleProperty().bind(model.messageProperty().isNotEmpty().or(reopen.visibleProperty()));
      bar.managedProperty().bind(bar.visibleProperty());
    }

    setTop(bar);
    setCenter(web);

    model.subscribe(this::write);
    var engine = web.getEngine();
    engine
        .getLoadWorker()
        .stateProperty()
        .addListener(
            (obs, was, now) -> {
              if (now != Worker.State.SUCCEEDED
                  || loaded
                  || model.stateProperty().get() == TerminalViewModel.State.CLOSED) return;
              loaded = true;
              ((JSObject) engine.executeScript("window")).setMember("drover", bridge);
              engine.executeScript("droverFit()");
              int columns = ((Number) engine.executeScript("term.cols")).intValue();
              int rows = ((Number) engine.executeScript("term.rows")).intValue();
              model.open(columns, rows);
              engine.executeScript("term.focus()");
            });
    engine.loadContent(TerminalPage.html(dark));
    // The page's own resize event does not always follow the WebView's size; refit when the node
    // changes size.
    web.widthProperty().addListener((obs, was, now) -> refit());
    web.heightProperty().addListener((obs, was, now) -> refit());
    model
        .stateProperty()
        .addListener(
            (obs, was, now) -> {
              if (now == TerminalViewModel.State.OPEN && loaded)
                engine.executeScript("term.focus()");
              if (now == TerminalViewModel.State.CLOSED) unload();
            });
  }

  /**
   * Empties the page once the shell is closed for good. The bridge handed to the page is held by
   * WebKit through a JNI global reference, and the bridge leads back to this view and its web
   * engine: while the page lives, none of them can be collected, nor WebKit's native memory for the
   * page released.
   */
  private void unload() {
    var engine = web.getEngine();
    if (loaded) ((JSObject) engine.executeScript("window")).removeMember("drover");
    loaded = false;
    engine.load(null);
  }

  private void refit() {
    if (loaded) web.getEngine().executeScript("setTimeout(droverFit, 0)");
  }

  private void write(byte[] bytes) {
    if (!loaded || bytes.length == 0) return;
    web.getEngine()
        .executeScript("droverWrite('" + Base64.getEncoder().encodeToString(bytes) + "')");
  }

  /** The terminal's text, scrollback included, as the user sees it. */
  public String screenText() {
    return loaded ? (String) web.getEngine().executeScript("droverText()") : "";
  }

  /** What the page calls; public because WebKit only reaches public methods of public classes. */
  public static final class Bridge {
    private final TerminalViewModel model;

    Bridge(TerminalViewModel model) {
      this.model = model;
    }

    public void type(String data) {
      model.type(data);
    }

    public void resize(int columns, int rows) {
      model.resize(columns, rows);
    }
  }
}
