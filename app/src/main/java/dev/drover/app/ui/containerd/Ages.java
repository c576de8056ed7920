package dev.drover.app.ui.containerd;

import java.time.Duration;
import java.time.Instant;

/** "3 days ago": how the containerd tables say when something was made. */
final class Ages {

    private Ages() {
    }

    /** Relative to {@code now}; "—" when there is no time (null or the epoch). */
    static String ago(Instant when, Instant now) {
        if (when == null || when.equals(Instant.EPOCH)) return "—";
        var age = Duration.between(when, now);
        if (age.isNegative() || age.toSeconds() < 60) return "just now";
        if (age.toMinutes() < 60) return plural(age.toMinutes(), "minute");
        if (age.toHours() < 48) return plural(age.toHours(), "hour");
        if (age.toDays() < 14) return plural(age.toDays(), "day");
        if (age.toDays() < 60) return plural(age.toDays() / 7, "week");
        if (age.toDays() < 730) return plural(age.toDays() / 30, "month");
        return plural(age.toDays() / 365, "year");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s") + " ago";
    }
}
