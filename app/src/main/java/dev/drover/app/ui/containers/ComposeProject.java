package dev.drover.app.ui.containers;

import java.util.List;

/**
 * A Docker Compose project as the Containers page shows it: its containers and how many of them
 * run.
 */
public record ComposeProject(String name, List<ContainerRow> containers) {

  public ComposeProject {
    containers = List.copyOf(containers);
  }

  public long running() {
    return containers.stream().filter(ContainerRow::running).count();
  }

  /** "shop · 2 of 3 running". */
  public String describe() {
    return name + " · " + running() + " of " + containers.size() + " running";
  }
}
