package dev.drover.engine;

import java.time.Instant;

/**
 * One container as the engine lists it.
 *
 * @param state  the engine's state word: created, running, paused, restarting, removing, exited, dead
 * @param status the engine's human text, e.g. "Up 3 minutes" or "Exited (0) 2 seconds ago"
 */
public record ContainerSummary(String id, String name, String image, String state, String status, Instant created) {
}
