package dev.drover.app.ui.images;

import dev.drover.engine.images.BuildHandle;
import dev.drover.engine.images.ImageBuilds;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What the build dialog builds with: the engine's {@link ImageBuilds#build(Path, String, String,
 * Consumer)}.
 */
@FunctionalInterface
public interface ImageBuilder {

  /**
   * Starts building {@code folder} with {@code dockerfileName} (blank means the default) as {@code
   * tag}; each output line goes to {@code output}.
   *
   * @throws IllegalArgumentException when the folder, Dockerfile or tag is wrong, with a sentence
   *     saying which
   */
  BuildHandle build(Path folder, String dockerfileName, String tag, Consumer<String> output);
}
