package dev.drover.tests.containers;

import dev.drover.tests.support.TestEngine;

class InspectContainerDockerIT extends InspectContainerContract {

  @Override
  TestEngine.Kind engine() {
    return TestEngine.Kind.DOCKER;
  }
}
