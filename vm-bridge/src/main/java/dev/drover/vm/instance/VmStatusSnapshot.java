package dev.drover.vm.instance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmState;
import dev.drover.vm.VmStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link VmStatus} as it is written to the status file and sent over the control socket: plain
 * fields, so the {@code drover} command's {@code --json} output and other tools can read it. The
 * state is written as its upper-case name ({@code "RUNNING"}), the driver and the engine as their
 * lower-case words ({@code "qemu"}, {@code "containerd"}).
 *
 * @param vm the VM's name
 * @param state where the VM is in its life
 * @param detail the phase (Starting) or reason (Degraded, Error); empty otherwise
 * @param engineHost the engine's address while Running, e.g. tcp://127.0.0.1:40123; else null
 * @param tlsFolder the client certificate folder for the engine while Running; else null
 * @param consoleTail the console's last lines (Error only)
 * @param driver which driver runs the VM; null when none is known (no VM has run), written as ""
 * @param ownerPid the process that runs the driver; 0 when nobody does
 * @param updated when the owner wrote it (ISO-8601)
 * @param engine which engine answers while Running: moby (the Docker API) or containerd; else null
 * @param portsNotForwarded containers' published ports the host could not get (taken by another
 *     program…), each with its container and why; empty when every one is forwarded
 */
public record VmStatusSnapshot(
    String vm,
    VmState state,
    String detail,
    String engineHost,
    String tlsFolder,
    List<String> consoleTail,
    @JsonSerialize(nullsUsing = NoDriver.class) DriverKind driver,
    long ownerPid,
    String updated,
    VmConfig.Engine engine,
    List<String> portsNotForwarded) {

  public VmStatusSnapshot {
    detail = detail == null ? "" : detail;
    consoleTail = consoleTail == null ? List.of() : List.copyOf(consoleTail);
    portsNotForwarded = portsNotForwarded == null ? List.of() : List.copyOf(portsNotForwarded);
  }

  public VmStatusSnapshot(
      String vm,
      VmState state,
      String detail,
      String engineHost,
      String tlsFolder,
      List<String> consoleTail,
      DriverKind driver,
      long ownerPid,
      String updated,
      VmConfig.Engine engine) {
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

  public VmStatusSnapshot(
      String vm,
      VmState state,
      String detail,
      String engineHost,
      String tlsFolder,
      List<String> consoleTail,
      DriverKind driver,
      long ownerPid,
      String updated) {
    this(vm, state, detail, engineHost, tlsFolder, consoleTail, driver, ownerPid, updated, null);
  }

  /**
   * A snapshot as the status file, the control socket or another tool wrote it. A word this Drover
   * does not know (a newer Drover's state, driver or engine) reads as an Error that names it, so
   * the user learns why rather than seeing a stack trace or a wrong guess.
   */
  @JsonCreator
  static VmStatusSnapshot fromJson(
      @JsonProperty("vm") String vm,
      @JsonProperty("state") String state,
      @JsonProperty("detail") String detail,
      @JsonProperty("engineHost") String engineHost,
      @JsonProperty("tlsFolder") String tlsFolder,
      @JsonProperty("consoleTail") List<String> consoleTail,
      @JsonProperty("driver") String driver,
      @JsonProperty("ownerPid") long ownerPid,
      @JsonProperty("updated") String updated,
      @JsonProperty("engine") String engine,
      @JsonProperty("portsNotForwarded") List<String> portsNotForwarded) {
    var knownState = VmState.fromWord(state);
    var knownDriver =
        driver == null || driver.isEmpty()
            ? Optional.<DriverKind>empty()
            : DriverKind.fromWord(driver);
    var knownEngine =
        engine == null
            ? Optional.<VmConfig.Engine>empty()
            : Arrays.stream(VmConfig.Engine.values())
                .filter(e -> e.word().equals(engine))
                .findFirst();
    String unknown =
        knownState.isEmpty()
            ? "the VM's status names an unknown state " + state
            : knownDriver.isEmpty() && driver != null && !driver.isEmpty()
                ? "the VM's status names an unknown driver " + driver
                : knownEngine.isEmpty() && engine != null
                    ? "the VM's status names an unknown engine " + engine
                    : null;
    if (unknown != null) {
      return new VmStatusSnapshot(
          vm,
          VmState.ERROR,
          unknown + "; a newer Drover may have written it",
          null,
          null,
          List.of(),
          knownDriver.orElse(null),
          ownerPid,
          updated);
    }
    return new VmStatusSnapshot(
        vm,
        knownState.get(),
        detail,
        engineHost,
        tlsFolder,
        consoleTail,
        knownDriver.orElse(null),
        ownerPid,
        updated,
        knownEngine.orElse(null),
        portsNotForwarded);
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

  public static VmStatusSnapshot of(
      String vm, VmStatus status, DriverKind driver, long ownerPid, Instant at) {
    var state = VmState.of(status);
    return switch (status) {
      case VmStatus.Stopped _, VmStatus.Stopping _ ->
          new VmStatusSnapshot(
              vm, state, "", null, null, List.of(), driver, ownerPid, at.toString());
      case VmStatus.Starting s ->
          new VmStatusSnapshot(
              vm, state, s.phase(), null, null, List.of(), driver, ownerPid, at.toString());
      case VmStatus.Running r ->
          new VmStatusSnapshot(
              vm,
              state,
              "",
              r.engine().host().toString(),
              r.engine().tlsMaterial().map(Path::toString).orElse(null),
              List.of(),
              driver,
              ownerPid,
              at.toString(),
              r.kind());
      case VmStatus.Degraded d ->
          new VmStatusSnapshot(
              vm, state, d.reason(), null, null, List.of(), driver, ownerPid, at.toString());
      case VmStatus.Error e ->
          new VmStatusSnapshot(
              vm, state, e.reason(), null, null, e.consoleTail(), driver, ownerPid, at.toString());
    };
  }

  /** The status this snapshot describes. */
  public VmStatus toStatus() {
    return switch (state) {
      case STOPPED -> new VmStatus.Stopped();
      case STARTING -> new VmStatus.Starting(detail);
      case RUNNING ->
          new VmStatus.Running(
              new EngineEndpoint(
                  vm,
                  URI.create(engineHost),
                  Optional.ofNullable(tlsFolder).map(Path::of),
                  tlsFolder != null,
                  EngineEndpoint.Source.EXPLICIT),
              engine);
      case DEGRADED -> new VmStatus.Degraded(detail);
      case STOPPING -> new VmStatus.Stopping();
      case ERROR -> new VmStatus.Error(detail, consoleTail);
    };
  }

  /** The same status, as seen when its owner is gone: what ran is no more. */
  public VmStatusSnapshot ownerGone(Instant now) {
    return switch (state) {
      case STOPPED, ERROR ->
          new VmStatusSnapshot(vm, state, detail, null, null, consoleTail, driver, 0, updated);
      case STOPPING ->
          new VmStatusSnapshot(
              vm, VmState.STOPPED, "", null, null, List.of(), driver, 0, now.toString());
      case STARTING, RUNNING, DEGRADED ->
          new VmStatusSnapshot(
              vm,
              VmState.ERROR,
              "the process that ran the VM (pid "
                  + ownerPid
                  + ") ended without stopping it; start the VM again",
              null,
              null,
              consoleTail,
              driver,
              0,
              now.toString());
    };
  }

  /** Writes a snapshot without a driver as {@code "driver": ""}, as Drover always has. */
  static final class NoDriver extends StdSerializer<Object> {
    NoDriver() {
      super(Object.class);
    }

    @Override
    public void serialize(Object value, JsonGenerator json, SerializerProvider provider)
        throws IOException {
      json.writeString("");
    }
  }
}
