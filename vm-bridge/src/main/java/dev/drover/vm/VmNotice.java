package dev.drover.vm;

import java.time.Instant;

/**
 * Something the user should know about a running VM that does not change its status: a published
 * port the host already uses, a clock re-synchronised after the host slept, a proxy the VM cannot
 * reach.
 */
public record VmNotice(Instant at, Kind kind, String message) {

  public enum Kind {
    PORT_FORWARDED,
    PORT_UNFORWARDED,
    PORT_CONFLICT,
    CLOCK_SYNCED,
    /** The proxy the user set listens only where the VM cannot reach it (LoopbackProxyCheck). */
    PROXY_UNREACHABLE,
    INFO
  }
}
