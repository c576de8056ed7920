package dev.drover.engine.images;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerfileImagesTest {

  @Test
  void fromNamesTheImagePastAPlatformFlagAndAStageName() {
    var images =
        DockerfileImages.pulledBy(
            """
                FROM --platform=$BUILDPLATFORM ghcr.io/team/builder:1.2 AS build
                RUN make
                from registry.example.com:5000/base@sha256:0123 as Final
                """);

    assertThat(images)
        .containsExactly("ghcr.io/team/builder:1.2", "registry.example.com:5000/base@sha256:0123");
  }

  @Test
  void aFromNamingAnEarlierStageOrScratchPullsNothing() {
    var images =
        DockerfileImages.pulledBy(
            """
                FROM golang:1.23 AS Build
                FROM build AS test
                FROM scratch
                COPY --from=BUILD /out/app /app
                COPY --from=test /report /report
                COPY --from=0 /x /x
                """);

    assertThat(images).containsExactly("golang:1.23");
  }

  @Test
  void anImageNamedByABuildArgumentIsLeftOut() {
    var images =
        DockerfileImages.pulledBy(
            """
                ARG BASE=private.example.com/base:1
                FROM ${BASE}
                FROM $REGISTRY/tools:2 AS tools
                FROM alpine:3.20
                """);

    assertThat(images).containsExactly("alpine:3.20");
  }

  @Test
  void copyFromAnImagePullsThatImage() {
    var images =
        DockerfileImages.pulledBy(
            """
                FROM alpine:3.20
                COPY --chown=1000 --from=private.example.com/assets:7 /assets /srv
                """);

    assertThat(images).containsExactly("alpine:3.20", "private.example.com/assets:7");
  }

  @Test
  void continuationLinesAndCommentsAreReadAsTheEngineReadsThem() {
    var images =
        DockerfileImages.pulledBy(
            """
                # FROM commented.example.com/not-pulled
                FROM \\
                  # a comment inside the instruction
                  --platform=linux/arm64 \\
                  quay.io/org/app:3

                RUN echo \\
                FROM not-an-instruction.example.com/x
                """);

    assertThat(images).containsExactly("quay.io/org/app:3");
  }

  @Test
  void theEscapeDirectiveChangesTheContinuationCharacter() {
    var images =
        DockerfileImages.pulledBy(
            """
                # escape=`
                FROM `
                  mcr.microsoft.com/windows/servercore:ltsc2022
                RUN dir c:\\
                """);

    assertThat(images).containsExactly("mcr.microsoft.com/windows/servercore:ltsc2022");
  }

  @Test
  void aDockerfileWithoutFromPullsNothing() {
    assertThat(DockerfileImages.pulledBy("")).isEmpty();
    assertThat(DockerfileImages.pulledBy("FROM\nRUN true\n")).isEmpty();
  }
}
