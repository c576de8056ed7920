package dev.drover.tests.exec;

import dev.drover.tests.support.TestEngine;

class ContainerShellPodmanIT extends ContainerShellContract {

  @Override
  TestEngine.Kind engine() {
    return TestEngine.Kind.PODMAN;
  }
}
