package dev.drover.app.ui.shell;

/** The sidebar's destinations, in sidebar order. */
public enum Page {
  CONTAINERS("Containers"),
  IMAGES("Images"),
  VOLUMES("Volumes"),
  NETWORKS("Networks"),
  CONTAINERD("containerd"),
  KUBERNETES("Kubernetes"),
  SETTINGS("Settings"),
  TROUBLESHOOTING("Troubleshooting");

  private final String title;

  Page(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }
}
