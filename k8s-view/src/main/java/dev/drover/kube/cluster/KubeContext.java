package dev.drover.kube.cluster;

import java.nio.file.Path;

/**
 * One context of the user's kubeconfig.
 *
 * @param namespace the context's default namespace, or null when it names none
 * @param current whether the kubeconfig's {@code current-context} names it
 * @param file the kubeconfig file that defines it
 * @param logsInThroughAProgram whether its user's credentials come from an {@code exec} program or
 *     an auth provider, which making a client runs
 */
public record KubeContext(
    String name,
    String cluster,
    String user,
    String namespace,
    boolean current,
    Path file,
    boolean logsInThroughAProgram) {

  /** The name as a menu shows it: the current context is marked. */
  public String label() {
    return current ? name + "  (current)" : name;
  }
}
