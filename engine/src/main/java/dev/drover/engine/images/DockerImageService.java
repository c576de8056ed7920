package dev.drover.engine.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PruneType;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.EngineHttp;
import dev.drover.engine.registries.RegistryCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@link ImageService} on a Docker API engine, through docker-java's commands. */
public final class DockerImageService implements ImageService {

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._:/@\\[\\]-]+");

  private final EngineClients clients;
  private final RegistryCredentials credentials;
  private final EngineHttp http = new EngineHttp();

  /** Pulls and pushes without registry logins. */
  public DockerImageService(EngineClients clients) {
    this(clients, null);
  }

  /** Pulls and pushes with the login {@code credentials} hold for the image's registry, if any. */
  public DockerImageService(EngineClients clients, RegistryCredentials credentials) {
    this.clients = clients;
    this.credentials = credentials;
  }

  @Override
  public List<ImageSummary> list() {
    try {
      var docker = clients.requests();
      var images = docker.listImagesCmd().exec();
      var users = usersByImage(docker);
      return images.stream()
          .map(i -> summary(i, users.getOrDefault(i.getId(), 0L).intValue()))
          .toList();
    } catch (RuntimeException e) {
      throw clients.failure("Listing images", e);
    }
  }

  @Override
  public List<String> names() {
    try {
      return clients.requests().listImagesCmd().exec().stream()
          .flatMap(
              image ->
                  image.getRepoTags() == null
                      ? Stream.<String>empty()
                      : Arrays.stream(image.getRepoTags()))
          .filter(tag -> !tag.startsWith("<none>"))
          .sorted()
          .toList();
    } catch (RuntimeException e) {
      throw clients.failure("Listing image names", e);
    }
  }

  private static Map<String, Long> usersByImage(DockerClient docker) {
    return docker.listContainersCmd().withShowAll(true).exec().stream()
        .filter(c -> c.getImageId() != null)
        .collect(Collectors.groupingBy(Container::getImageId, Collectors.counting()));
  }

  private static ImageSummary summary(Image image, int containersUsing) {
    var tags =
        image.getRepoTags() == null
            ? List.<String>of()
            : Arrays.stream(image.getRepoTags()).filter(t -> !t.equals(ImageSummary.NONE)).toList();
    var dangling = tags.isEmpty();
    var created =
        image.getCreated() == null || image.getCreated() <= 0
            ? Instant.EPOCH
            : Instant.ofEpochSecond(image.getCreated());
    var size = image.getSize() == null ? 0L : image.getSize();
    return new ImageSummary(
        image.getId(),
        dangling ? List.of(ImageSummary.NONE) : tags,
        size,
        created,
        containersUsing,
        dangling);
  }

  @Override
  public ImageTransfer pull(String reference, Consumer<PullProgress> progress) {
    var ref = ImageReference.parse(reference);
    var action = "Pulling " + ref.canonical();
    var transfer =
        new Transfer<PullResponseItem>(
            action,
            t -> progress.accept(new PullProgress(t.layers(), t.fraction(), t.status(), false)),
            t -> progress.accept(new PullProgress(t.layers(), 1.0, t.status(), true)));
    try {
      var command = clients.streams().pullImageCmd(ref.repository()).withTag(ref.tagOrDigest());
      login(ref).ifPresent(command::withAuthConfig);
      command.exec(transfer);
    } catch (RuntimeException e) {
      throw clients.failure(action, e);
    }
    return transfer;
  }

  @Override
  public ImageTransfer push(String reference, Consumer<PushProgress> progress) {
    var ref = ImageReference.parse(reference);
    if (ref.digest().isPresent()) {
      throw new ImageReference.InvalidImageReferenceException(
          "\""
              + reference
              + "\" names a digest; push a tag instead, e.g. "
              + ref.repository()
              + ":"
              + ref.tag().orElse("latest")
              + ".");
    }
    var action = "Pushing " + ref.canonical();
    var transfer =
        new Transfer<PushResponseItem>(
            action,
            t -> progress.accept(new PushProgress(t.layers(), t.fraction(), t.status(), false)),
            t -> progress.accept(new PushProgress(t.layers(), 1.0, t.status(), true)));
    try {
      var command = clients.streams().pushImageCmd(ref.repository()).withTag(ref.tagOrDigest());
      login(ref).ifPresent(command::withAuthConfig);
      command.exec(transfer);
    } catch (RuntimeException e) {
      throw clients.failure(action, e);
    }
    return transfer;
  }

  private Optional<AuthConfig> login(ImageReference ref) {
    return credentials == null ? Optional.empty() : credentials.authFor(ref.repository());
  }

  @Override
  public void tag(String source, String repository, String tag) {
    var target = ImageReference.parse(repository + ":" + tag);
    if (target.digest().isPresent()) {
      throw new ImageReference.InvalidImageReferenceException(
          "A tag cannot hold a digest: \"" + repository + ":" + tag + "\".");
    }
    try {
      clients.requests().tagImageCmd(source, target.repository(), target.tagOrDigest()).exec();
    } catch (RuntimeException e) {
      throw clients.failure("Tagging " + source + " as " + target.canonical(), e);
    }
  }

  @Override
  public void remove(String idOrReference, boolean force) {
    var action = "Removing " + idOrReference;
    try {
      var docker = clients.requests();
      var image = docker.inspectImageCmd(idOrReference).exec();
      var tags = image.getRepoTags() == null ? List.<String>of() : image.getRepoTags();
      var byName =
          ImageReference.isValid(idOrReference)
              && tags.contains(ImageReference.parse(idOrReference).canonical());
      // Removing one of several names only untags: the image, and the containers made from it,
      // stay.
      var deletesImage = !byName || tags.size() <= 1;
      if (deletesImage && !force) {
        var users =
            docker.listContainersCmd().withShowAll(true).exec().stream()
                .filter(c -> image.getId().equals(c.getImageId()))
                .count();
        if (users > 0) {
          throw new EngineException(
              idOrReference
                  + " is used by "
                  + users
                  + (users == 1 ? " container" : " containers")
                  + " (running or stopped). Remove "
                  + (users == 1 ? "it" : "them")
                  + " first, or force the removal.");
        }
      }
      docker.removeImageCmd(idOrReference).withForce(force).exec();
    } catch (RuntimeException e) {
      throw clients.failure(action, e);
    }
  }

  @Override
  public PruneResult pruneDangling() {
    return pruneDangling(Map.of());
  }

  /**
   * Removes the dangling images that carry every label in {@code labels} and that no container
   * uses. With no labels, every unused dangling image goes, as {@code docker image prune} does.
   */
  public PruneResult pruneDangling(Map<String, String> labels) {
    try {
      var docker = clients.requests();
      var before = danglingIds(docker, labels);
      var prune = docker.pruneCmd(PruneType.IMAGES).withDangling(true);
      if (!labels.isEmpty()) {
        prune.withLabelFilter(
            labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
      }
      var response = prune.exec();
      before.removeAll(danglingIds(docker, labels));
      var reclaimed = response.getSpaceReclaimed() == null ? 0L : response.getSpaceReclaimed();
      return new PruneResult(before.size(), reclaimed);
    } catch (RuntimeException e) {
      throw clients.failure("Pruning dangling images", e);
    }
  }

  private static HashSet<String> danglingIds(DockerClient docker, Map<String, String> labels) {
    var command = docker.listImagesCmd().withDanglingFilter(true);
    if (!labels.isEmpty()) command.withLabelFilter(labels);
    return command.exec().stream().map(Image::getId).collect(Collectors.toCollection(HashSet::new));
  }

  /**
   * The engine's own document, indented; docker-java's model would drop the fields it does not
   * know.
   */
  @Override
  public String inspect(String idOrReference) {
    var action = "Inspecting " + idOrReference;
    if (!SAFE_NAME.matcher(idOrReference).matches())
      throw new EngineException(action + " failed: that is not an image name or id.");
    try {
      return http.document(clients.requests(), "/images/" + idOrReference + "/json");
    } catch (EngineHttp.Refused refused) {
      throw new EngineException(action + " failed: the engine said: " + refused.getMessage());
    } catch (RuntimeException e) {
      throw clients.failure(action, e);
    }
  }

  @Override
  public List<ImageLayer> history(String idOrReference) {
    var action = "Reading the history of " + idOrReference;
    if (!SAFE_NAME.matcher(idOrReference).matches())
      throw new EngineException(action + " failed: that is not an image name or id.");
    // docker-java 3.7 has no command for GET /images/{name}/history.
    try {
      var body =
          http.call(
              clients.requests(),
              DockerHttpClient.Request.Method.GET,
              "/images/" + idOrReference + "/history");
      var layers = new ArrayList<ImageLayer>();
      for (JsonNode step : body) {
        var created = step.path("Created").asLong(0);
        layers.add(
            new ImageLayer(
                step.path("Id").asText("<missing>"),
                created > 0 ? Instant.ofEpochSecond(created) : Instant.EPOCH,
                step.path("CreatedBy").asText(""),
                step.path("Size").asLong(0),
                step.path("Comment").asText("")));
      }
      return layers;
    } catch (EngineHttp.Refused refused) {
      throw new EngineException(action + " failed: the engine said: " + refused.getMessage());
    } catch (RuntimeException e) {
      throw clients.failure(action, e);
    }
  }

  /**
   * One pull or push stream: folds progress, remembers an error the engine reports inside the
   * stream (a registry refusal arrives as a message, not as an HTTP status), and closes the stream
   * when cancelled.
   */
  private final class Transfer<T extends ResponseItem> extends ResultCallback.Adapter<T>
      implements ImageTransfer {
    private final String action;
    private final TransferTracker tracker = new TransferTracker();
    private final Consumer<TransferTracker> onProgress;
    private final Consumer<TransferTracker> onDone;
    private volatile boolean cancelled;
    private volatile String engineError;

    Transfer(
        String action, Consumer<TransferTracker> onProgress, Consumer<TransferTracker> onDone) {
      this.action = action;
      this.onProgress = onProgress;
      this.onDone = onDone;
    }

    @Override
    public void onNext(T item) {
      if (cancelled) return;
      var error = ImageStreams.engineError(item);
      if (error != null) {
        if (engineError == null) engineError = error;
        return;
      }
      if (tracker.apply(item)) onProgress.accept(tracker);
    }

    @Override
    public void onComplete() {
      try {
        if (!cancelled && engineError == null) onDone.accept(tracker);
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
    public void await() throws InterruptedException {
      awaitOutcome(null);
    }

    @Override
    public void await(Duration timeout) throws InterruptedException {
      awaitOutcome(timeout);
    }

    private void awaitOutcome(Duration timeout) throws InterruptedException {
      ImageStreams.await(this, timeout, action, () -> cancelled, this::cancel, clients);
      if (engineError != null)
        throw new EngineException(action + " failed: the engine said: " + engineError);
    }
  }
}
