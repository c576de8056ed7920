package dev.drover.app.ui.time;

import java.time.Duration;

/**
 * How a table says how long ago something happened, and when that text next changes: each text is exact to its
 * unit (seconds in the first minute, then minutes, hours, days…), so it changes once per unit and no sooner.
 */
public enum Elapsed {

    /** Docker's words, as in "Up 5 seconds" and "Exited (0) About a minute ago". */
    WORDS(new long[]{60, 3_600, 48 * 3_600, 14 * Units.DAY, 60 * Units.DAY, 730 * Units.DAY, Long.MAX_VALUE},
            new long[]{1, 60, 3_600, Units.DAY, 7 * Units.DAY, 30 * Units.DAY, 365 * Units.DAY}) {
        @Override
        String words(long seconds) {
            if (seconds < 1) return "Less than a second";
            if (seconds < 60) return plural(seconds, "second");
            var minutes = seconds / 60;
            if (minutes == 1) return "About a minute";
            if (minutes < 60) return plural(minutes, "minute");
            var hours = seconds / 3_600;
            if (hours == 1) return "About an hour";
            if (hours < 48) return plural(hours, "hour");
            return longAgo(seconds / Units.DAY);
        }
    },

    /** As kubectl's AGE column: "45s", "12m", "5h", "3d". */
    SHORT(new long[]{120, 120 * 60, 48 * 3_600, Long.MAX_VALUE}, new long[]{1, 60, 3_600, Units.DAY}) {
        @Override
        String words(long seconds) {
            if (seconds < 120) return seconds + "s";
            if (seconds < 120 * 60) return seconds / 60 + "m";
            if (seconds < 48 * 3_600) return seconds / 3_600 + "h";
            return seconds / Units.DAY + "d";
        }
    },

    /** "just now", "3 minutes ago", "2 days ago": when an image or a containerd container was made. */
    AGO(new long[]{60, 3_600, 48 * 3_600, 14 * Units.DAY, 60 * Units.DAY, 730 * Units.DAY, Long.MAX_VALUE},
            new long[]{60, 60, 3_600, Units.DAY, 7 * Units.DAY, 30 * Units.DAY, 365 * Units.DAY}) {
        @Override
        String words(long seconds) {
            if (seconds < 60) return "just now";
            if (seconds < 3_600) return plural(seconds / 60, "minute") + " ago";
            if (seconds < 48 * 3_600) return plural(seconds / 3_600, "hour") + " ago";
            return longAgo(seconds / Units.DAY) + " ago";
        }
    };

    private final long[] limits;
    private final long[] units;

    /**
     * @param limits the elapsed seconds up to which each unit is used, ascending
     * @param units  the unit (in seconds) the text counts in below each limit
     */
    Elapsed(long[] limits, long[] units) {
        this.limits = limits;
        this.units = units;
    }

    abstract String words(long seconds);

    /** The text for {@code elapsed}; a negative one (a clock running behind the engine's) reads as none. */
    public String text(Duration elapsed) {
        return words(seconds(elapsed));
    }

    /** The elapsed time at which the text for {@code elapsed} next changes: the end of its current unit. */
    public Duration nextChange(Duration elapsed) {
        var seconds = seconds(elapsed);
        for (int i = 0; i < limits.length; i++) {
            if (seconds < limits[i]) {
                var next = (seconds / units[i] + 1) * units[i];
                return Duration.ofSeconds(Math.min(next, limits[i]));
            }
        }
        return Duration.ofSeconds(Long.MAX_VALUE);
    }

    private static long seconds(Duration elapsed) {
        return Math.max(0, elapsed.getSeconds());
    }

    private static String longAgo(long days) {
        if (days < 14) return plural(days, "day");
        if (days < 60) return plural(days / 7, "week");
        if (days < 730) return plural(days / 30, "month");
        return plural(days / 365, "year");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static final class Units {
        static final long DAY = 86_400;
    }
}
