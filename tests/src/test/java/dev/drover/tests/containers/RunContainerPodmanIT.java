package dev.drover.tests.containers;

import dev.drover.tests.support.TestEngine;

class RunContainerPodmanIT extends RunContainerContract {

  @Override
  TestEngine.Kind engine() {
    return TestEngine.Kind.PODMAN;
  }
}
