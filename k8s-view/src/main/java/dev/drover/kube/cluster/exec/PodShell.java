package dev.drover.kube.cluster.exec;

import dev.drover.kube.cluster.ClusterConnection;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A shell in a pod's container ({@code kubectl exec -i -- sh}), line by line: what the user types is sent on
 * standard input, standard output and error come back as text. No terminal is allocated, so programs see plain
 * pipes and send no cursor movements; a full terminal belongs to the terminal view.
 */
public final class PodShell {

    /** Receives the shell's output on reading threads; nothing arrives after {@link #ended}. */
    public interface Output {
        void text(String chunk, boolean stderr);

        /** @param problemOrNull null when the shell exited, else why the connection broke, for the user */
        void ended(String problemOrNull);
    }

    /** An open shell. */
    public interface Session extends AutoCloseable {
        /** Sends {@code line} and a newline to the shell's standard input. */
        void send(String line) throws IOException;

        @Override
        void close();
    }

    private final ClusterConnection connection;

    public PodShell(ClusterConnection connection) {
        this.connection = connection;
    }

    /** Starts {@code sh} in the container; output arrives through {@code output}. */
    public Session open(String namespace, String pod, String container, Output output) {
        var ended = new AtomicBoolean();
        Runnable exited = () -> {
            if (ended.compareAndSet(false, true)) output.ended(null);
        };
        ExecWatch watch;
        try {
            watch = connection.client().pods().inNamespace(namespace).withName(pod).inContainer(container)
                    .redirectingInput().redirectingOutput().redirectingError()
                    .usingListener(new ExecListener() {
                        @Override
                        public void onFailure(Throwable failure, Response response) {
                            if (ended.compareAndSet(false, true)) output.ended(connection.failure(failure).getMessage());
                        }

                        @Override
                        public void onClose(int code, String reason) {
                            exited.run();
                        }
                    })
                    .exec("sh");
        } catch (RuntimeException e) {
            throw connection.failure(e);
        }
        pump(watch.getOutput(), false, output, pod);
        pump(watch.getError(), true, output, pod);
        return new Session() {
            @Override
            public void send(String line) throws IOException {
                var stdin = watch.getInput();
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }

            @Override
            public void close() {
                ended.set(true);
                watch.close();
            }
        };
    }

    private static void pump(InputStream stream, boolean stderr, Output output, String pod) {
        if (stream == null) return;
        Thread.ofVirtual().name("pod-shell-" + pod).start(() -> {
            var buffer = new byte[8192];
            try {
                for (int n; (n = stream.read(buffer)) >= 0; ) {
                    if (n > 0) output.text(new String(buffer, 0, n, StandardCharsets.UTF_8), stderr);
                }
            } catch (IOException ignored) {
                // The stream ends when the shell does; the listener reports why.
            }
        });
    }
}
