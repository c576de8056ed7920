package dev.drover.engine.containers;

import java.util.Set;

/** What a user can do to a container besides removing it, and in which states it makes sense. */
public enum ContainerAction {
  START("Start", "Starting", "started", Set.of("created", "exited", "dead")),
  STOP("Stop", "Stopping", "stopped", Set.of("running", "restarting", "paused")),
  RESTART("Restart", "Restarting", "restarted", Set.of("running", "exited", "created", "dead")),
  PAUSE("Pause", "Pausing", "paused", Set.of("running")),
  UNPAUSE("Resume", "Resuming", "resumed", Set.of("paused")),
  KILL("Kill", "Killing", "killed", Set.of("running", "restarting", "paused"));

  private final String label;
  private final String progressive;
  private final String pastTense;
  private final Set<String> fromStates;

  ContainerAction(String label, String progressive, String pastTense, Set<String> fromStates) {
    this.label = label;
    this.progressive = progressive;
    this.pastTense = pastTense;
    this.fromStates = fromStates;
  }

  public String label() {
    return label;
  }

  public String progressive() {
    return progressive;
  }

  public String pastTense() {
    return pastTense;
  }

  /** Whether the action applies to a container in {@code state}. */
  public boolean appliesTo(String state) {
    return fromStates.contains(state);
  }
}
