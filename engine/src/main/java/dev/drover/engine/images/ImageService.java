package dev.drover.engine.images;

import java.util.List;
import java.util.function.Consumer;

/**
 * The engine's images: list, pull, push, tag, remove, prune, inspect. Blocking calls for virtual
 * threads; every failure is an {@link dev.drover.engine.EngineException} whose message can be shown
 * as is, and a malformed reference is an {@link ImageReference.InvalidImageReferenceException}
 * raised before the engine is asked.
 */
public interface ImageService {

  List<ImageSummary> list();

  /**
   * Every name ({@code repository:tag}) the engine's images carry, sorted: what a run can start
   * without a pull. Cheaper than {@link #list()}: one request, no container count.
   */
  List<String> names();

  /**
   * Starts pulling {@code reference}; returns once the engine accepted it. Progress snapshots go to
   * {@code progress}.
   */
  ImageTransfer pull(String reference, Consumer<PullProgress> progress);

  /** Starts pushing {@code reference} to its registry. */
  ImageTransfer push(String reference, Consumer<PushProgress> progress);

  /** Gives image {@code source} (id or reference) the extra name {@code repository:tag}. */
  void tag(String source, String repository, String tag);

  /**
   * Removes an image by id, or one of its names by reference (the image itself goes with its last
   * name). Refuses, naming how many containers use it, when that would delete an image containers
   * were created from, unless {@code force}.
   */
  void remove(String idOrReference, boolean force);

  /** Removes every dangling image no container uses. */
  PruneResult pruneDangling();

  /** Pretty-printed JSON, as {@code docker image inspect} shows it. */
  String inspect(String idOrReference);

  List<ImageLayer> history(String idOrReference);
}
