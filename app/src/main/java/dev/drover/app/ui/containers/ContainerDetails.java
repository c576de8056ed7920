package dev.drover.app.ui.containers;

import javafx.scene.Node;

/**
 * Builds a container's details page; the page calls {@code back} to return to the list, after
 * letting go of its streams.
 */
@FunctionalInterface
public interface ContainerDetails {

  Opened open(ContainerRow container, Runnable back);

  /**
   * A details page: its node, and how to close it from outside (the sidebar) as its own back button
   * does: it lets go of its streams, then calls {@code back}.
   */
  record Opened(Node page, Runnable close) {}
}
