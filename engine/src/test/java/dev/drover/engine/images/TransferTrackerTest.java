package dev.drover.engine.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import org.junit.jupiter.api.Test;

class TransferTrackerTest {

  private final ObjectMapper json = new ObjectMapper();
  private final TransferTracker tracker = new TransferTracker();

  private void pull(String message) throws Exception {
    tracker.apply(json.readValue(message, PullResponseItem.class));
  }

  private void push(String message) throws Exception {
    tracker.apply(json.readValue(message, PushResponseItem.class));
  }

  @Test
  void fractionIsBytesDownloadedOverBytesKnown() throws Exception {
    pull("{\"status\":\"Pulling from team/app\",\"id\":\"1\"}");
    pull("{\"status\":\"Pulling fs layer\",\"id\":\"aaa\"}");
    pull("{\"status\":\"Pulling fs layer\",\"id\":\"bbb\"}");
    pull(
        "{\"status\":\"Downloading\",\"id\":\"aaa\",\"progressDetail\":{\"current\":50,\"total\":100}}");
    pull(
        "{\"status\":\"Downloading\",\"id\":\"bbb\",\"progressDetail\":{\"current\":100,\"total\":300}}");

    assertThat(tracker.fraction()).isCloseTo(150.0 / 400, within(1e-9));
    assertThat(tracker.status()).isEqualTo("Pulling from team/app (1)");
    assertThat(tracker.layers()).extracting(LayerProgress::id).containsExactly("aaa", "bbb");
    assertThat(tracker.layers().getFirst())
        .isEqualTo(new LayerProgress("aaa", "Downloading", 50, 100));
  }

  @Test
  void extractingCountsTheLayerAsDownloadedSoTheBarNeverGoesBack() throws Exception {
    pull(
        "{\"status\":\"Downloading\",\"id\":\"aaa\",\"progressDetail\":{\"current\":90,\"total\":100}}");
    pull("{\"status\":\"Download complete\",\"id\":\"aaa\"}");
    pull(
        "{\"status\":\"Extracting\",\"id\":\"aaa\",\"progressDetail\":{\"current\":5,\"total\":250}}");
    assertThat(tracker.fraction()).isEqualTo(1.0);
    assertThat(tracker.layers().getFirst().status()).isEqualTo("Extracting");
  }

  @Test
  void layersThatAlreadyExistCountAsDoneWhenNoSizeIsKnown() throws Exception {
    pull("{\"status\":\"Already exists\",\"id\":\"aaa\"}");
    pull("{\"status\":\"Pulling fs layer\",\"id\":\"bbb\"}");
    assertThat(tracker.fraction()).isEqualTo(0.5);
    assertThat(tracker.layers().getFirst().done()).isTrue();
  }

  @Test
  void pushProgressFollowsPushingAndPushed() throws Exception {
    push("{\"status\":\"The push refers to repository [127.0.0.1:5000/team/app]\"}");
    push("{\"status\":\"Preparing\",\"id\":\"aaa\"}");
    push(
        "{\"status\":\"Pushing\",\"id\":\"aaa\",\"progressDetail\":{\"current\":25,\"total\":100}}");
    assertThat(tracker.fraction()).isEqualTo(0.25);
    push("{\"status\":\"Pushed\",\"id\":\"aaa\"}");
    assertThat(tracker.fraction()).isEqualTo(1.0);
    assertThat(tracker.status())
        .isEqualTo("The push refers to repository [127.0.0.1:5000/team/app]");
  }
}
