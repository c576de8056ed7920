package dev.drover.app.ui.containers.stats;

/** One point of a stats chart: seconds since the first reading, and the value then. */
public record StatsPoint(double seconds, double value) {}
