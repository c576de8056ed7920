package dev.drover.app.ui.kubernetes;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.kube.cluster.exec.PodShell;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;
import java.util.function.Consumer;

/**
 * A line-by-line shell in a pod's container: the typed line is sent, output is appended in batches and kept to
 * the last {@value #MAX_CHARS} characters.
 */
public final class PodShellViewModel implements AutoCloseable {

    static final int MAX_CHARS = 200_000;

    private final Background background;
    private final PodShell shells;
    private final String namespace;
    private final String pod;
    private final StringProperty input = new SimpleStringProperty(this, "input", "");
    private final ReadOnlyStringWrapper output = new ReadOnlyStringWrapper(this, "output", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Not connected");
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected", false);
    private final Consumer<String> chunks;
    private PodShell.Session session;
    private long generation;

    public PodShellViewModel(Background background, PodShell shells, String namespace, String pod) {
        this.background = background;
        this.shells = shells;
        this.namespace = namespace;
        this.pod = pod;
        this.chunks = background.ui().batching(this::append);
    }

    public StringProperty inputProperty() {
        return input;
    }

    public ReadOnlyStringProperty outputProperty() {
        return output.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    /** Opens {@code sh} in {@code container}, closing a shell that is open. */
    public void connect(String container) {
        close();
        long mine = ++generation;
        status.set("Connecting to " + container + "…");
        background.run(() -> shells.open(namespace, pod, container, new PodShell.Output() {
            @Override
            public void text(String chunk, boolean stderr) {
                chunks.accept(chunk);
            }

            @Override
            public void ended(String problemOrNull) {
                background.ui().post(() -> {
                    if (mine != generation) return;
                    connected.set(false);
                    session = null;
                    status.set(problemOrNull == null ? "The shell exited" : problemOrNull);
                });
            }
        }), opened -> {
            if (mine != generation) {
                opened.close();
                return;
            }
            session = opened;
            connected.set(true);
            status.set("Connected to sh in " + container + " (no terminal: one line at a time)");
        }, failure -> {
            if (mine == generation) status.set(failure.getMessage());
        });
    }

    /** Sends the typed line and clears the input. */
    public void send() {
        var open = session;
        var line = input.get();
        if (open == null || line == null) return;
        input.set("");
        append(List.of("$ " + line + "\n"));
        background.run(() -> open.send(line), failure -> status.set("Could not send: " + failure.getMessage()));
    }

    private void append(List<String> batch) {
        var text = new StringBuilder(output.get());
        for (var chunk : batch) text.append(chunk);
        if (text.length() > MAX_CHARS) text.delete(0, text.length() - MAX_CHARS);
        output.set(text.toString());
    }

    @Override
    public void close() {
        generation++;
        var open = session;
        session = null;
        connected.set(false);
        if (open != null) background.run(open::close, failure -> { });
    }
}
