package dev.drover.app.ui.containers;

import javafx.scene.Node;

/** Builds a container's details page; the page calls {@code back} to return to the list, after letting go of its streams. */
@FunctionalInterface
public interface ContainerDetails {

    Node open(ContainerRow container, Runnable back);
}
