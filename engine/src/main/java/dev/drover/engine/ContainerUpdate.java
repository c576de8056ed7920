package dev.drover.engine;

import java.util.List;

/** A change to the engine's container list, in the order the engine reported it. */
public sealed interface ContainerUpdate {

  /** The whole list, after (re)connecting: replaces whatever was known before. */
  record Reset(List<ContainerSummary> containers) implements ContainerUpdate {}

  /** A container appeared or changed. */
  record Upsert(ContainerSummary container) implements ContainerUpdate {}

  /** A container is gone. */
  record Removed(String id) implements ContainerUpdate {}
}
