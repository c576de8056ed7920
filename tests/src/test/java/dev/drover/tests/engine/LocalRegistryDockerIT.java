package dev.drover.tests.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness's image registry (Debian's docker-registry on loopback, started by ./run-tests.sh)
 * works with the shared engine for push and pull, since no public registry is reachable. Image
 * panes build on this.
 */
class LocalRegistryDockerIT {

  private static DockerClient docker;
  private static String registry;

  @BeforeAll
  static void realParts() {
    registry = RealParts.require("DROVER_TEST_REGISTRY", "no local image registry");
    docker = TestEngine.client();
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (docker != null) docker.close();
  }

  @Test
  void testImagePushedToTheLocalRegistryCanBePulledBack() throws Exception {
    var source = TestImages.busybox(docker);
    var repository = registry + "/drover-test/busybox";
    var tag = "roundtrip-" + UUID.randomUUID().toString().substring(0, 8);
    var reference = repository + ":" + tag;
    docker.tagImageCmd(source, repository, tag).exec();
    try {
      var pushErrors = new ArrayList<String>();
      var pushed =
          docker
              .pushImageCmd(repository)
              .withTag(tag)
              .exec(
                  new ResultCallback.Adapter<PushResponseItem>() {
                    @Override
                    public void onNext(PushResponseItem item) {
                      if (item.isErrorIndicated())
                        pushErrors.add(String.valueOf(item.getErrorDetail()));
                    }
                  })
              .awaitCompletion(60, TimeUnit.SECONDS);
      assertThat(pushed).as("the push finished").isTrue();
      assertThat(pushErrors).as("the registry accepted the push").isEmpty();
      docker.removeImageCmd(reference).exec();
      assertThatThrownBy(() -> docker.inspectImageCmd(reference).exec())
          .isInstanceOf(NotFoundException.class);

      var pulled =
          docker
              .pullImageCmd(repository)
              .withTag(tag)
              .exec(new ResultCallback.Adapter<PullResponseItem>())
              .awaitCompletion(60, TimeUnit.SECONDS);
      assertThat(pulled).as("the pull finished").isTrue();
      var image = docker.inspectImageCmd(reference).exec();
      assertThat(image.getRepoTags()).contains(reference);
      assertThat(image.getId()).isEqualTo(docker.inspectImageCmd(source).exec().getId());
    } finally {
      try {
        docker.removeImageCmd(reference).exec();
      } catch (NotFoundException alreadyGone) {
        // Removed by the test itself.
      }
    }
  }
}
