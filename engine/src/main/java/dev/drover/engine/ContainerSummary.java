package dev.drover.engine;

import java.time.Instant;
import java.util.List;

/**
 * One container as the engine lists it.
 *
 * @param state the engine's state word: created, running, paused, restarting, removing, exited,
 *     dead
 * @param status the engine's human text, e.g. "Up 3 minutes" or "Exited (0) 2 seconds ago"
 * @param ports ports published on the host, in the engine's order
 * @param composeProject the Compose project the container belongs to, or null
 */
public record ContainerSummary(
    String id,
    String name,
    String image,
    String state,
    String status,
    Instant created,
    List<PublishedPort> ports,
    String composeProject) {

  /** The label Docker Compose puts on every container of a project. */
  public static final String COMPOSE_PROJECT_LABEL = "com.docker.compose.project";

  public ContainerSummary {
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /** A container publishing no ports and belonging to no Compose project. */
  public ContainerSummary(
      String id, String name, String image, String state, String status, Instant created) {
    this(id, name, image, state, status, created, List.of(), null);
  }

  /**
   * A container port published on the host.
   *
   * @param hostIp the host address it listens on; "0.0.0.0" or "::" for all
   */
  public record PublishedPort(String hostIp, int hostPort, int containerPort, String protocol) {

    /** "8080→80/tcp", as a user reads it. */
    public String describe() {
      return hostPort + "→" + containerPort + "/" + protocol;
    }

    /**
     * Whether a browser can open it: only a TCP port can serve HTTP; a UDP one (metrics, DNS)
     * cannot.
     */
    public boolean opensInBrowser() {
      return "tcp".equalsIgnoreCase(protocol);
    }

    /** Where a browser reaches it from this machine, if it {@linkplain #opensInBrowser() can}. */
    public String url() {
      var host =
          hostIp == null || hostIp.isBlank() || hostIp.equals("0.0.0.0") || hostIp.equals("::")
              ? "localhost"
              : hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
      return "http://" + host + ":" + hostPort + "/";
    }
  }
}
