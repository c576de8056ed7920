package dev.drover.vm.instance;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link VmStatus} as it is written to the status file and sent over the control socket: plain
 * fields, so the {@code drover} command's {@code --json} output and other tools can read it.
 *
 * @param vm the VM's name
 * @param state STOPPED, STARTING, RUNNING, DEGRADED, STOPPING or ERROR
 * @param detail the phase (Starting) or reason (Degraded, Error); empty otherwise
 * @param engineHost the engine's address while Running, e.g. tcp://127.0.0.1:40123; else null
 * @param tlsFolder the client certificate folder for the engine while Running; else null
 * @param consoleTail the console's last lines (Error only)
 * @param driver which driver runs the VM: qemu, wsl2, hyperkit
 * @param ownerPid the process that runs the driver; 0 when nobody does
 * @param updated when the owner wrote it (ISO-8601)
 * @param engine which engine answers while Running: "moby" (the Docker API) or "containerd"; else
 *     null
 * @param portsNotForwarded containers' published ports the host could not get (taken by another
 *     program…), each with its container and why; empty when every one is forwarded
 */
public record VmStatusSnapshot(
    String vm,
    String state,
    String detail,
    String engineHost,
    String tlsFolder,
    List<String> consoleTail,
    String driver,
    long ownerPid,
    String updated,
    String engine,
    List<String> portsNotForwarded) {

  public VmStatusSnapshot {
    detail = detail == null ? "" : detail;
    consoleTail = consoleTail == null ? List.of() : List.copyOf(consoleTail);
    portsNotForwarded = portsNotForwarded == null ? List.of() : List.copyOf(portsNotForwarded);
  }

  public VmStatusSnapshot(
      String vm,
      String state,
      String detail,
      String engineHost,
      String tlsFolder,
      List<String> consoleTail,
      String driver,
      long ownerPid,
      String updated,
      String engine) {
    this(
        vm,
        state,
        detail,
        engineHost,
        tlsFolder,
        consoleTail,
        driver,
        ownerPid,
        updated,
        engine,
        List.of());
  }

  /** The same snapshot, naming the published ports that could not be forwarded. */
  public VmStatusSnapshot withPortsNotForwarded(List<String> ports) {
    return new VmStatusSnapshot(
        vm,
        state,
        detail,
        engineHost,
        tlsFolder,
        consoleTail,
        driver,
        ownerPid,
        updated,
        engine,
        ports);
  }

  public VmStatusSnapshot(
      String vm,
      String state,
      String detail,
      String engineHost,
      String tlsFolder,
      List<String> consoleTail,
      String driver,
      long ownerPid,
      String updated) {
    this(vm, state, detail, engineHost, tlsFolder, consoleTail, driver, ownerPid, updated, null);
  }

  public static VmStatusSnapshot of(
      String vm, VmStatus status, String driver, long ownerPid, Instant at) {
    return switch (status) {
      case VmStatus.Stopped s ->
          new VmStatusSnapshot(
              vm, "STOPPED", "", null, null, List.of(), driver, ownerPid, at.toString());
      case VmStatus.Starting s ->
          new VmStatusSnapshot(
              vm, "STARTING", s.phase(), null, null, List.of(), driver, ownerPid, at.toString());
      case VmStatus.Running r ->
          new VmStatusSnapshot(
              vm,
              "RUNNING",
              "",
              r.engine().host().toString(),
              r.engine().tlsMaterial().map(Path::toString).orElse(null),
              List.of(),
              driver,
              ownerPid,
              at.toString(),
              r.kind() == VmConfig.Engine.CONTAINERD ? "containerd" : "moby");
      case VmStatus.Degraded d ->
          new VmStatusSnapshot(
              vm, "DEGRADED", d.reason(), null, null, List.of(), driver, ownerPid, at.toString());
      case VmStatus.Stopping s ->
          new VmStatusSnapshot(
              vm, "STOPPING", "", null, null, List.of(), driver, ownerPid, at.toString());
      case VmStatus.Error e ->
          new VmStatusSnapshot(
              vm,
              "ERROR",
              e.reason(),
              null,
              null,
              e.consoleTail(),
              driver,
              ownerPid,
              at.toString());
    };
  }

  /** The status this snapshot describes; an unknown state reads as an Error saying so. */
  public VmStatus toStatus() {
    return switch (state) {
      case "STOPPED" -> new VmStatus.Stopped();
      case "STARTING" -> new VmStatus.Starting(detail);
      case "RUNNING" ->
          new VmStatus.Running(
              new EngineEndpoint(
                  vm,
                  URI.create(engineHost),
                  Optional.ofNullable(tlsFolder).map(Path::of),
                  tlsFolder != null,
                  EngineEndpoint.Source.EXPLICIT),
              "containerd".equals(engine) ? VmConfig.Engine.CONTAINERD : VmConfig.Engine.MOBY);
      case "DEGRADED" -> new VmStatus.Degraded(detail);
      case "STOPPING" -> new VmStatus.Stopping();
      case "ERROR" -> new VmStatus.Error(detail, consoleTail);
      default ->
          new VmStatus.Error(
              "the VM's status file names an unknown state "
                  + state
                  + "; a newer Drover may have written it",
              List.of());
    };
  }

  /** The same status, as seen when its owner is gone: what ran is no more. */
  public VmStatusSnapshot ownerGone(Instant now) {
    if (state.equals("STOPPED") || state.equals("ERROR")) {
      return new VmStatusSnapshot(vm, state, detail, null, null, consoleTail, driver, 0, updated);
    }
    if (state.equals("STOPPING"))
      return new VmStatusSnapshot(
          vm, "STOPPED", "", null, null, List.of(), driver, 0, now.toString());
    return new VmStatusSnapshot(
        vm,
        "ERROR",
        "the process that ran the VM (pid "
            + ownerPid
            + ") ended without stopping it; start the VM again",
        null,
        null,
        consoleTail,
        driver,
        0,
        now.toString());
  }
}
