package dev.drover.engine.images;

import java.time.Instant;

/**
 * One step of an image's history, newest first as {@code docker history} shows it.
 *
 * @param id the image id of the step, or "&lt;missing&gt;" for steps built elsewhere
 * @param createdBy the instruction that made it, e.g. {@code /bin/sh -c apt-get install …}
 * @param size bytes the step added
 */
public record ImageLayer(String id, Instant created, String createdBy, long size, String comment) {}
