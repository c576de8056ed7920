package dev.drover.app.ui.containers.logs;

import dev.drover.engine.logs.LogLine;

import java.time.Instant;
import java.util.List;

/**
 * A log line as the logs view shows it: its styled segments and its readable text (escape sequences removed),
 * worked out once, on the stream thread, when the line arrives.
 */
public record LogEntry(LogLine line, List<AnsiText.Segment> segments, String text) {

    public static LogEntry of(LogLine line) {
        var segments = AnsiText.parse(line.text());
        String text;
        if (segments.isEmpty()) text = "";
        else if (segments.size() == 1) text = segments.getFirst().text();
        else {
            var joined = new StringBuilder();
            for (var segment : segments) joined.append(segment.text());
            text = joined.toString();
        }
        return new LogEntry(line, segments, text);
    }

    public boolean stderr() {
        return line.stream() == LogLine.Stream.STDERR;
    }

    public Instant timestamp() {
        return line.timestamp();
    }

    /** Whether the readable text holds {@code needle}, ignoring case. */
    public boolean contains(String needle) {
        int last = text.length() - needle.length();
        for (int i = 0; i <= last; i++) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) return true;
        }
        return false;
    }
}
