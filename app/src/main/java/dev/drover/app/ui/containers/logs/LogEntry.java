package dev.drover.app.ui.containers.logs;

import dev.drover.engine.logs.LogLine;

import java.time.Instant;
import java.util.List;

/**
 * A log line as the logs view shows it. Its readable text (escape sequences removed) is worked out once, on the
 * stream thread, when the line arrives; its styled segments only when a cell shows it, since of a flood of lines
 * most are never on screen. A line without escape sequences keeps the engine's string as its text.
 */
public final class LogEntry {

    private final LogLine line;
    private final String text;

    private LogEntry(LogLine line, String text) {
        this.line = line;
        this.text = text;
    }

    public static LogEntry of(LogLine line) {
        return new LogEntry(line, AnsiText.strip(line.text()));
    }

    /** The line as the engine gave it. */
    public LogLine line() {
        return line;
    }

    /** The readable text: the line without its escape sequences. */
    public String text() {
        return text;
    }

    /** The line's runs of text in their styles; empty for an empty line. */
    public List<AnsiText.Segment> segments() {
        return AnsiText.parse(line.text());
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

    @Override
    public String toString() {
        return "LogEntry[" + line + "]";
    }
}
