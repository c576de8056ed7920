package dev.drover.engine.images;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.registries.RegistryCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds images from a folder with a Dockerfile (the folder is the build context; its {@code
 * .dockerignore} is honoured), streaming the engine's output line by line. The input is checked
 * before anything is sent.
 */
public final class ImageBuilds {

  /** The Dockerfile name used when none is given. */
  public static final String DEFAULT_DOCKERFILE = "Dockerfile";

  private final EngineClients clients;
  private final RegistryCredentials logins;

  /**
   * @param logins the saved registry logins; a build is sent those of the registries its Dockerfile
   *     pulls from
   */
  public ImageBuilds(EngineClients clients, RegistryCredentials logins) {
    this.clients = clients;
    this.logins = logins;
  }

  /** Builds with the engine's default network for {@code RUN} steps. */
  public BuildHandle build(
      Path folder, String dockerfileName, String tag, Consumer<String> output) {
    return build(folder, dockerfileName, tag, null, output);
  }

  /**
   * Starts building {@code folder} with {@code dockerfileName} (blank means {@value
   * #DEFAULT_DOCKERFILE}) and names the image {@code tag}; each output line (without its newline)
   * goes to {@code output}.
   *
   * @param networkMode the network {@code RUN} steps use, e.g. "none" or "host"; null for the
   *     engine's default
   * @throws IllegalArgumentException when the folder, Dockerfile or tag is wrong, with a sentence
   *     saying which
   * @throws EngineException when the engine could not be asked
   */
  public BuildHandle build(
      Path folder, String dockerfileName, String tag, String networkMode, Consumer<String> output) {
    var request = check(folder, dockerfileName, tag);
    var action = "Building " + request.tag();
    var callback = new Build(action, output);
    var pulled = DockerfileImages.pulledBy(read(request.dockerfile()));
    try {
      // Not buildImageCmd(folder): that insists on a file named "Dockerfile" even when another is
      // given.
      var command =
          clients
              .streams()
              .buildImageCmd()
              .withBaseDirectory(request.folder().toFile())
              .withDockerfile(request.dockerfile().toFile())
              .withTags(Set.of(request.tag()))
              // Intermediate containers of a failed step are removed too, so a failure leaves
              // nothing behind.
              .withForcerm(true)
              .withBuildAuthConfigs(logins.forImages(pulled));
      if (networkMode != null && !networkMode.isBlank())
        command = command.withNetworkMode(networkMode);
      command.exec(callback);
    } catch (RuntimeException e) {
      throw clients.failure(action, e);
    }
    return callback;
  }

  /**
   * The Dockerfile's text; a byte that is not UTF-8 cannot be part of an image reference, so it is
   * replaced.
   */
  private static String read(Path dockerfile) {
    try {
      return new String(Files.readAllBytes(dockerfile), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "The Dockerfile " + dockerfile + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * A build request whose folder, Dockerfile and tag have been checked; {@code tag} is the
   * canonical reference.
   */
  public record Request(Path folder, Path dockerfile, String tag) {}

  /**
   * Checks a build's input without asking the engine.
   *
   * @throws IllegalArgumentException with a sentence saying what to fix
   */
  public static Request check(Path folder, String dockerfileName, String tag) {
    if (folder == null || folder.toString().isBlank())
      throw new IllegalArgumentException("Choose the folder to build from.");
    var base = folder.toAbsolutePath().normalize();
    if (!Files.exists(base))
      throw new IllegalArgumentException("The folder " + base + " does not exist.");
    if (!Files.isDirectory(base))
      throw new IllegalArgumentException(
          base + " is a file, not a folder; choose the folder that holds the Dockerfile.");
    var name =
        dockerfileName == null || dockerfileName.isBlank()
            ? DEFAULT_DOCKERFILE
            : dockerfileName.strip();
    var dockerfile = base.resolve(name).normalize();
    if (!dockerfile.startsWith(base)) {
      throw new IllegalArgumentException(
          "The Dockerfile \"" + name + "\" must be inside the folder " + base + ".");
    }
    if (!Files.isRegularFile(dockerfile)) {
      throw new IllegalArgumentException(
          "There is no file named \""
              + name
              + "\" in "
              + base
              + (name.equals(DEFAULT_DOCKERFILE)
                  ? "; add a Dockerfile there or give the file's name."
                  : "."));
    }
    var reference = ImageReference.parse(tag);
    if (reference.digest().isPresent()) {
      throw new ImageReference.InvalidImageReferenceException(
          "A built image is named with a tag, not a digest: e.g. "
              + reference.repository()
              + ":1.0.");
    }
    return new Request(base, dockerfile, reference.canonical());
  }

  /**
   * The engine's stream: lines go to the consumer, the first error is kept for {@link #await()}.
   */
  private final class Build extends BuildImageResultCallback implements BuildHandle {
    private final String action;
    private final Consumer<String> output;
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean cancelled;
    private volatile String engineError;

    Build(String action, Consumer<String> output) {
      this.action = action;
      this.output = output;
    }

    @Override
    public void onNext(BuildResponseItem item) {
      if (cancelled) return;
      var error = ImageStreams.engineError(item);
      if (error != null) {
        if (engineError == null) engineError = error;
        return;
      }
      if (item.getStream() != null) emit(item.getStream());
      super.onNext(item);
    }

    /** Splits a chunk into lines; a chunk that ends mid-line waits for the rest. */
    private synchronized void emit(String chunk) {
      partial.append(chunk);
      int newline;
      while ((newline = partial.indexOf("\n")) >= 0) {
        var line = partial.substring(0, newline);
        partial.delete(0, newline + 1);
        output.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      }
    }

    private synchronized void flush() {
      if (!partial.isEmpty()) {
        output.accept(partial.toString());
        partial.setLength(0);
      }
    }

    @Override
    public void onComplete() {
      try {
        if (!cancelled) flush();
      } finally {
        super.onComplete();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      ImageStreams.close(this);
    }

    @Override
    public boolean cancelled() {
      return cancelled;
    }

    @Override
    public String await() throws InterruptedException {
      return awaitOutcome(null);
    }

    @Override
    public String await(Duration timeout) throws InterruptedException {
      return awaitOutcome(timeout);
    }

    private String awaitOutcome(Duration timeout) throws InterruptedException {
      ImageStreams.await(this, timeout, action, () -> cancelled, this::cancel, clients);
      if (engineError != null)
        throw new EngineException(action + " failed: the engine said: " + engineError.strip());
      String shortId;
      try {
        shortId = awaitImageId(0, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        throw new EngineException(
            action + " ended without an image: the engine's output did not name one.", e);
      }
      // The classic builder names the image by its short id; callers get the full one, as listings
      // show it.
      try {
        return clients.requests().inspectImageCmd(shortId).exec().getId();
      } catch (RuntimeException e) {
        return shortId;
      }
    }
  }
}
