package dev.drover.vm.instance;

import dev.drover.vm.ReadDeadline;
import dev.drover.vm.VmException;
import dev.drover.vm.VmState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * How a process that does not own the VM sees and drives it: through the owner's control socket
 * when there is an owner, else from the status file (whose last words a dead owner may not have
 * updated).
 */
public final class VmControl {

  /**
   * From taking the lock to listening, an owner makes its driver: quick, but a loaded machine is
   * slow.
   */
  private static final Duration OWNER_LISTENS_WITHIN = Duration.ofSeconds(15);

  private final VmInstance instance;

  public VmControl(VmInstance instance) {
    this.instance = instance;
  }

  public VmInstance instance() {
    return instance;
  }

  /** The owner's pid while some process owns the VM. */
  public OptionalLong ownerPid() {
    try {
      return VmLock.isHeld(instance.lockFile())
          ? VmLock.ownerPid(instance.lockFile())
          : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Whether {@code status} was written by an owner launched at {@code launched} rather than an
   * earlier one. The wall clock may be stepped back a little between the two readings (time
   * synchronisation), so a status a second or two older counts too: an earlier owner's is older
   * than that.
   */
  public static boolean writtenSince(VmStatusSnapshot status, Instant launched) {
    return !Instant.parse(status.updated()).isBefore(launched.minus(CLOCK_SLACK));
  }

  private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

  public boolean hasOwner() {
    return ownerPid().isPresent();
  }

  /** The status now: the owner's answer, or the status file's as it stands without an owner. */
  public VmStatusSnapshot status() {
    if (hasOwner()) {
      try {
        return request("status", Duration.ZERO).status();
      } catch (VmException e) {
        // the owner is ending or not yet listening; its file says enough
      }
    }
    var file = new VmStatusFile(instance.statusFile()).read();
    if (hasOwner()) return file.orElse(stopped());
    return file.map(s -> s.ownerGone(Instant.now())).orElse(stopped());
  }

  private VmStatusSnapshot stopped() {
    return new VmStatusSnapshot(
        instance.name(), VmState.STOPPED, "", null, null, null, null, 0, Instant.now().toString());
  }

  /** The owner's answer to one request. */
  public record Reply(boolean ok, Optional<String> error, VmStatusSnapshot status) {}

  /**
   * Sends start, stop, restart, delete or status to the owner and returns its answer (after the
   * work is done).
   */
  public Reply request(String command, Duration grace) throws VmException {
    try (var channel = connect()) {
      var request = VmStatusFile.JSON.createObjectNode().put("command", command);
      if (!grace.isZero()) request.put("graceSeconds", grace.toSeconds());
      var out = Channels.newOutputStream(channel);
      out.write(VmStatusFile.JSON.writeValueAsBytes(request));
      out.write('\n');
      out.flush();
      var in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
      var line = in.readLine();
      if (line == null)
        throw new VmException(
            "the process running the VM closed the connection without answering; try again");
      var reply = VmStatusFile.JSON.readTree(line);
      var status = VmStatusFile.JSON.treeToValue(reply.path("status"), VmStatusSnapshot.class);
      var error =
          reply.hasNonNull("error")
              ? Optional.of(reply.get("error").asText())
              : Optional.<String>empty();
      return new Reply(reply.path("ok").asBoolean(), error, status);
    } catch (IOException e) {
      throw new VmException(
          "Could not reach the process running the VM ("
              + instance.controlSocket()
              + "): "
              + e.getMessage()
              + ". If it hangs, end it (pid "
              + ownerPid().orElse(0)
              + ") and try again.",
          e);
    }
  }

  /**
   * Follows the owner's statuses, from the current one, until {@code until} accepts one (returned),
   * the owner goes (its last status is returned, as seen without an owner) or {@code timeout}
   * passes (empty).
   */
  public Optional<VmStatusSnapshot> watch(
      Predicate<VmStatusSnapshot> until, Consumer<VmStatusSnapshot> each, Duration timeout)
      throws VmException {
    var deadline = Instant.now().plus(timeout);
    VmStatusSnapshot last = null;
    try (var channel = connect()) {
      var out = Channels.newOutputStream(channel);
      out.write("{\"command\":\"watch\"}\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      var in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
      try (var watch =
          ReadDeadline.after(
              Duration.between(Instant.now(), deadline), channel, Thread.ofVirtual())) {
        String line;
        while ((line = in.readLine()) != null) {
          last = VmStatusFile.JSON.readValue(line, VmStatusSnapshot.class);
          each.accept(last);
          if (until.test(last)) return Optional.of(last);
        }
      }
    } catch (IOException e) {
      if (Instant.now().isAfter(deadline)) return Optional.empty();
      if (last == null)
        throw new VmException("Could not follow the VM's status: " + e.getMessage(), e);
    }
    if (Instant.now().isAfter(deadline)) return Optional.empty();
    // the owner went: what it last wrote, as it stands without it
    var gone = new VmStatusFile(instance.statusFile()).read().map(s -> s.ownerGone(Instant.now()));
    gone.ifPresent(each);
    return gone;
  }

  /**
   * Waits until an owner answers on the control socket (a just-launched owner), or the timeout
   * passes; false at once when the launched process ended, or an owner wrote its status after
   * {@code launched} and is gone (it failed at once; the status file says why).
   */
  public boolean awaitOwner(Duration timeout, Process spawned, Instant launched)
      throws InterruptedException {
    var deadline = Instant.now().plus(timeout);
    var statusFile = new VmStatusFile(instance.statusFile());
    while (Instant.now().isBefore(deadline)) {
      if (hasOwner()) {
        try (var ignored = connectOnce()) {
          return true;
        } catch (IOException notYetListening) {
          // the owner took the lock and is about to bind the socket
        }
      } else if (spawned != null && !spawned.isAlive()) {
        // it failed, or found another owner, which answers once it listens
        if (!hasOwner()) return false;
      } else if (statusFile.read().map(s -> writtenSince(s, launched)).orElse(false)
          && !hasOwner()) {
        return false;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /**
   * Connects to the owner; an owner that holds the lock but does not listen yet gets a few seconds.
   */
  private SocketChannel connect() throws IOException {
    var deadline = Instant.now().plus(OWNER_LISTENS_WITHIN);
    while (true) {
      try {
        return connectOnce();
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline) || !hasOwner()) throw e;
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private SocketChannel connectOnce() throws IOException {
    var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(instance.controlSocket()));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }
}
