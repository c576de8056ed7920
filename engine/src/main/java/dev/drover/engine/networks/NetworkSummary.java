package dev.drover.engine.networks;

import java.util.List;

/**
 * One network as the engine lists it.
 *
 * @param subnets the IPAM subnets in CIDR form; empty when the engine picked none (host, none)
 * @param containers names of the containers attached to it now (running or paused: a stopped
 *     container has no endpoint on it), sorted
 * @param builtIn whether it is one of the engine's own networks (bridge, host, none), which cannot
 *     be removed
 */
public record NetworkSummary(
    String id,
    String name,
    String driver,
    String scope,
    List<String> subnets,
    List<String> containers,
    boolean builtIn) {

  public NetworkSummary {
    subnets = List.copyOf(subnets);
    containers = List.copyOf(containers);
  }

  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
