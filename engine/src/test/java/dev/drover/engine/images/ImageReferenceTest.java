package dev.drover.engine.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

  @Test
  void aBareNameMeansTheLatestTagOnDockerHub() {
    var ref = ImageReference.parse("nginx");
    assertThat(ref.domain()).isEmpty();
    assertThat(ref.repository()).isEqualTo("nginx");
    assertThat(ref.tagOrDigest()).isEqualTo("latest");
    assertThat(ref.canonical()).isEqualTo("nginx:latest");
  }

  @Test
  void aRegistryWithAPortIsTheDomainNotATag() {
    var ref = ImageReference.parse("127.0.0.1:5000/drover-test/busybox:roundtrip-1");
    assertThat(ref.domain()).contains("127.0.0.1:5000");
    assertThat(ref.path()).isEqualTo("drover-test/busybox");
    assertThat(ref.tag()).contains("roundtrip-1");
    assertThat(ref.repository()).isEqualTo("127.0.0.1:5000/drover-test/busybox");
  }

  @Test
  void localhostAndDottedHostsAreRegistriesButAPlainFirstPartIsAPath() {
    assertThat(ImageReference.parse("localhost/app").domain()).contains("localhost");
    assertThat(ImageReference.parse("ghcr.io/team/app:2").domain()).contains("ghcr.io");
    assertThat(ImageReference.parse("team/app:2").domain()).isEmpty();
    assertThat(ImageReference.parse("team/app:2").path()).isEqualTo("team/app");
  }

  @Test
  void aDigestIsKeptAndIsWhatThePullAsksFor() {
    var digest = "sha256:" + "a".repeat(64);
    var ref = ImageReference.parse("busybox@" + digest);
    assertThat(ref.digest()).contains(digest);
    assertThat(ref.tag()).isEqualTo(Optional.empty());
    assertThat(ref.tagOrDigest()).isEqualTo(digest);
    assertThat(ref.canonical()).isEqualTo("busybox@" + digest);
  }

  @Test
  void separatorsAllowedByTheGrammarAreAccepted() {
    assertThat(ImageReference.isValid("my_app__x/a.b-c--d:v1.2_3-rc")).isTrue();
    assertThat(ImageReference.isValid("  nginx:1.27  "))
        .as("surrounding spaces are trimmed")
        .isTrue();
  }

  @Test
  void upperCaseInTheRepositoryIsRejectedWithTheReason() {
    assertThatThrownBy(() -> ImageReference.parse("team/MyApp:1"))
        .isInstanceOf(ImageReference.InvalidImageReferenceException.class)
        .hasMessage(
            "\"team/MyApp:1\" is not a valid image reference: repository names must be lowercase.");
  }

  @Test
  void anEmptyReferenceAsksForAName() {
    assertThatThrownBy(() -> ImageReference.parse("  "))
        .isInstanceOf(ImageReference.InvalidImageReferenceException.class)
        .hasMessageStartingWith("No image name given: enter an image name");
  }

  @Test
  void badTagsDigestsAndSeparatorsAreRejected() {
    assertThat(ImageReference.isValid("nginx:")).isFalse();
    assertThat(ImageReference.isValid("nginx:-bad")).isFalse();
    assertThat(ImageReference.isValid("nginx:" + "t".repeat(129))).isFalse();
    assertThat(ImageReference.isValid("nginx@sha256:short")).isFalse();
    assertThat(ImageReference.isValid("team//app")).isFalse();
    assertThat(ImageReference.isValid("team/-app")).isFalse();
    assertThat(ImageReference.isValid("app_")).isFalse();
    assertThat(ImageReference.isValid("ngi nx")).isFalse();
    assertThat(ImageReference.isValid("bad_host.example:port/app")).isFalse();
    assertThat(ImageReference.isValid("a".repeat(256))).isFalse();
  }

  @Test
  void theMessageNamesTheBrokenPart() {
    assertThatThrownBy(() -> ImageReference.parse("nginx:bad!tag"))
        .hasMessageContaining("the tag \"bad!tag\"");
    assertThatThrownBy(() -> ImageReference.parse("team/app__/x"))
        .hasMessageContaining("\"app__\"");
  }
}
