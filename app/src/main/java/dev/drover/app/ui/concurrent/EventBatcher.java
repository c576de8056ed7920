package dev.drover.app.ui.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Collects items from any thread and hands them to the UI thread as one list per drain. */
final class EventBatcher<T> implements Consumer<T> {

    private final UiDispatcher ui;
    private final Consumer<List<T>> onBatch;
    private final Queue<T> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    EventBatcher(UiDispatcher ui, Consumer<List<T>> onBatch) {
        this.ui = ui;
        this.onBatch = onBatch;
    }

    @Override
    public void accept(T item) {
        pending.add(item);
        if (drainScheduled.compareAndSet(false, true)) ui.post(this::drain);
    }

    private void drain() {
        // Cleared before polling: an item added during the poll schedules another drain instead of being stranded.
        drainScheduled.set(false);
        var batch = new ArrayList<T>();
        for (T item; (item = pending.poll()) != null; ) batch.add(item);
        if (!batch.isEmpty()) onBatch.accept(batch);
    }
}
