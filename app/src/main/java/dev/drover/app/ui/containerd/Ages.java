package dev.drover.app.ui.containerd;

import dev.drover.app.ui.time.Elapsed;

import java.time.Duration;
import java.time.Instant;

/** "3 days ago": how the containerd tables say when something was made. */
final class Ages {

    private Ages() {
    }

    /** Relative to {@code now}; "—" when there is no time (null or the epoch). */
    static String ago(Instant when, Instant now) {
        if (when == null || when.equals(Instant.EPOCH)) return "—";
        return Elapsed.AGO.text(Duration.between(when, now));
    }
}
