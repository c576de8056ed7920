package dev.drover.engine;

/** The kinds of engine objects whose lists the app keeps current from engine events. */
public enum ResourceKind {
  IMAGES,
  VOLUMES,
  NETWORKS
}
