package dev.drover.tests.exec;

import dev.drover.tests.support.TestEngine;

class ContainerShellDockerIT extends ContainerShellContract {

  @Override
  TestEngine.Kind engine() {
    return TestEngine.Kind.DOCKER;
  }
}
