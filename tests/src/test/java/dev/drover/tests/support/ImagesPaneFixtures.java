package dev.drover.tests.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PushResponseItem;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Images of the tests' own making for the Images pane: each has a layer of its own (random bytes
 * written in a container from the busybox test image, then committed), so its id is unique,
 * removing it never touches an image another test uses, and a pull of it from the registry really
 * downloads something.
 */
public final class ImagesPaneFixtures {

  private ImagesPaneFixtures() {}

  /**
   * Commits a new image named {@code repository:tag} with {@code bytes} random bytes in /data/blob;
   * returns its id.
   */
  public static String uniqueImage(
      DockerClient docker, String repository, String tag, Map<String, String> labels, int bytes)
      throws IOException, InterruptedException {
    var container = writerContainer(docker, bytes);
    try {
      return docker
          .commitCmd(container)
          .withRepository(repository)
          .withTag(tag)
          .withLabels(labels)
          .exec();
    } finally {
      TestEngine.removeQuietly(docker, container);
    }
  }

  /**
   * A stopped container whose file system holds {@code bytes} random bytes in /data/blob; the
   * caller removes it.
   */
  public static String writerContainer(DockerClient docker, int bytes)
      throws IOException, InterruptedException {
    var base = TestImages.busybox(docker);
    var id =
        docker
            .createContainerCmd(base)
            .withName(TestEngine.uniqueName("image-writer"))
            .withCmd("sh", "-c", "head -c " + bytes + " /dev/urandom > /data/blob")
            .exec()
            .getId();
    try {
      docker.startContainerCmd(id).exec();
      var status =
          docker
              .waitContainerCmd(id)
              .exec(new WaitContainerResultCallback())
              .awaitStatusCode(60, TimeUnit.SECONDS);
      if (status != 0) throw new IOException("the image writer container exited with " + status);
      return id;
    } catch (RuntimeException | IOException e) {
      TestEngine.removeQuietly(docker, id);
      throw e;
    }
  }

  /**
   * Pushes {@code repository:tag} to its registry with the engine directly (not through the code
   * under test).
   */
  public static void push(DockerClient docker, String repository, String tag)
      throws InterruptedException {
    docker
        .pushImageCmd(repository)
        .withTag(tag)
        .exec(new ResultCallback.Adapter<PushResponseItem>())
        .awaitCompletion(60, TimeUnit.SECONDS);
  }

  /**
   * Removes an image this test created (by id, with all its names), whether or not it still exists.
   */
  public static void removeImageQuietly(DockerClient docker, String id) {
    if (id == null) return;
    try {
      docker.removeImageCmd(id).withForce(true).exec();
    } catch (NotFoundException alreadyGone) {
      // Nothing to clean up.
    }
  }

  /** Whether the engine holds an image by this id or name. */
  public static boolean exists(DockerClient docker, String idOrReference) {
    try {
      docker.inspectImageCmd(idOrReference).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
