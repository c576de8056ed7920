package dev.drover.tests.containers;

import dev.drover.tests.support.TestEngine;

class InspectContainerPodmanIT extends InspectContainerContract {

  @Override
  TestEngine.Kind engine() {
    return TestEngine.Kind.PODMAN;
  }
}
