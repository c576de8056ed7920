package dev.drover.vm.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmDriver;
import dev.drover.vm.VmException;
import dev.drover.vm.VmFiles;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one process that runs a VM's driver, holding its {@link VmLock}: it mirrors every status into
 * the status file and takes requests from other processes on the control socket (a user-only Unix
 * domain socket, one JSON request a line; see {@link VmControl}). The app is an owner while its
 * window is open; the {@code drover} command starts a detached owner process when nobody owns the
 * VM, which ends once the VM stopped.
 */
public final class VmOwner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VmOwner.class);
  static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  private final VmInstance instance;
  private final VmLock lock;
  private final VmDriver driver;
  private final DriverKind driverKind;
  private final boolean endWhenStopped;
  private final VmStatusFile statusFile;
  private final CopyOnWriteArrayList<LinkedBlockingQueue<VmStatusSnapshot>> watchers =
      new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();

  /**
   * Held while the status file is written: a status still being delivered when the owner closes
   * must not overwrite the owner's last word (nor write into a folder being removed).
   */
  private final Object statusWrites = new Object();

  private final AtomicBoolean hasRun = new AtomicBoolean();

  /** A restart's stop must not end a detached owner. */
  private final AtomicBoolean restarting = new AtomicBoolean();

  private volatile VmStatusSnapshot current;
  private ServerSocketChannel server;
  private AutoCloseable subscription;

  /**
   * @param endWhenStopped whether this owner ends (releasing the lock) once the VM stopped after
   *     having run, as a detached owner process does; the app stays owner while its window is open
   */
  public VmOwner(
      VmInstance instance,
      VmLock lock,
      VmDriver driver,
      DriverKind driverKind,
      boolean endWhenStopped) {
    this.instance = instance;
    this.lock = lock;
    this.driver = driver;
    this.driverKind = driverKind;
    this.endWhenStopped = endWhenStopped;
    this.statusFile = new VmStatusFile(instance.statusFile());
    this.current = snapshot(driver.status());
  }

  /** Mirrors the driver's status and opens the control socket. */
  public VmOwner open() throws IOException {
    instance.ensureFolder();
    statusFile.write(current);
    var socket = instance.controlSocket();
    Files.deleteIfExists(socket); // a dead owner's; we hold the lock, so nobody else serves it
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    VmFiles.userOnly(socket);
    Thread.ofVirtual().name("vm-control").start(this::accept);
    subscription =
        driver.subscribe(
            new VmListener() {
              @Override
              public void status(VmStatus status) {
                statusChanged(status);
              }

              @Override
              public void notice(VmNotice notice) {
                switch (notice.kind()) {
                  case PORT_FORWARDED, PORT_UNFORWARDED, PORT_CONFLICT -> portsChanged();
                  default -> {}
                }
              }
            });
    return this;
  }

  public VmDriver driver() {
    return driver;
  }

  public long pid() {
    return lock.pid();
  }

  /** Blocks until this owner closed (a detached owner process waits here). */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void statusChanged(VmStatus status) {
    var snapshot = snapshot(status);
    current = snapshot;
    writeWhileOpen(snapshot);
    watchers.forEach(queue -> queue.offer(snapshot));
    if (status.processRuns()) hasRun.set(true);
    endIfDone(status);
  }

  /**
   * A published port was forwarded, refused or released: the status file and the followers learn
   * which ports are not forwarded, for {@code drover vm status} and another process's app.
   */
  private void portsChanged() {
    var snapshot = snapshot(driver.status());
    if (snapshot.portsNotForwarded().equals(current.portsNotForwarded())) return;
    current = snapshot;
    writeWhileOpen(snapshot);
    watchers.forEach(queue -> queue.offer(snapshot));
  }

  private void writeWhileOpen(VmStatusSnapshot snapshot) {
    synchronized (statusWrites) {
      if (closing.get()) return;
      try {
        statusFile.write(snapshot);
      } catch (IOException e) {
        LOG.warn("could not write the VM status file {}: {}", statusFile.file(), e.getMessage());
      }
    }
  }

  /**
   * Events arrive late: the driver's status now decides, so a restart's old Stopped does not end
   * the owner.
   */
  private void endIfDone(VmStatus event) {
    var now = driver.status();
    if (endWhenStopped
        && hasRun.get()
        && !restarting.get()
        && (now instanceof VmStatus.Stopped || now instanceof VmStatus.Error)) {
      Thread.ofVirtual().start(this::close);
    }
  }

  private VmStatusSnapshot snapshot(VmStatus status) {
    var snapshot =
        VmStatusSnapshot.of(instance.name(), status, driverKind, lock.pid(), Instant.now());
    return status instanceof VmStatus.Running || status instanceof VmStatus.Degraded
        ? snapshot.withPortsNotForwarded(driver.portsNotForwarded())
        : snapshot;
  }

  private void accept() {
    while (!closing.get()) {
      try {
        var client = server.accept();
        Thread.ofVirtual().name("vm-control-client").start(() -> serve(client));
      } catch (IOException e) {
        if (!closing.get()) LOG.warn("the VM control socket failed: {}", e.getMessage());
        return;
      }
    }
  }

  private void serve(SocketChannel client) {
    try (client;
        var in =
            new BufferedReader(
                new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
        var out = Channels.newOutputStream(client)) {
      var line = in.readLine();
      if (line == null) return;
      var request = VmStatusFile.JSON.readTree(line);
      var command = request.path("command").asText();
      var grace =
          Duration.ofSeconds(request.path("graceSeconds").asLong(DEFAULT_GRACE.toSeconds()));
      if (command.equals("watch")) {
        watch(out);
        return;
      }
      var reply = VmStatusFile.JSON.createObjectNode();
      try {
        switch (command) {
          case "status" -> {}
          case "start" -> driver.start();
          case "stop" -> driver.stop(grace);
          case "restart" -> {
            restarting.set(true);
            try {
              driver.stop(grace);
              driver.start();
            } finally {
              restarting.set(false);
              endIfDone(driver.status());
            }
          }
          case "delete" -> driver.delete();
          default ->
              throw new VmException(
                  "unknown request " + command + "; is this drover command older than the app?");
        }
        reply.put("ok", true);
      } catch (VmException e) {
        reply.put("ok", false);
        reply.put("error", e.getMessage());
      }
      reply.set("status", VmStatusFile.JSON.valueToTree(snapshot(driver.status())));
      send(out, reply);
      if (endWhenStopped && command.equals("delete")) Thread.ofVirtual().start(this::close);
    } catch (IOException | RuntimeException e) {
      LOG.debug("a VM control client went away: {}", e.getMessage());
    }
  }

  /** Streams every status, starting with the current one, until the client or this owner goes. */
  private void watch(OutputStream out) throws IOException {
    var queue = new LinkedBlockingQueue<VmStatusSnapshot>();
    watchers.add(queue);
    try {
      queue.offer(current);
      while (!closing.get()) {
        var next = queue.poll(200, TimeUnit.MILLISECONDS);
        if (next != null) send(out, (ObjectNode) VmStatusFile.JSON.valueToTree(next));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watchers.remove(queue);
    }
  }

  private static void send(OutputStream out, ObjectNode message) throws IOException {
    out.write(VmStatusFile.JSON.writeValueAsBytes(message));
    out.write('\n');
    out.flush();
  }

  /** Stops serving and gives up ownership; the driver itself is closed by whoever made it. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) return;
    try {
      if (subscription != null) subscription.close();
    } catch (Exception ignored) {
      // unsubscribing cannot fail in a way that matters here
    }
    synchronized (statusWrites) {
      try {
        if (server != null) server.close();
        Files.deleteIfExists(instance.controlSocket());
        statusFile.write(snapshot(driver.status()).ownerGone(Instant.now()));
      } catch (IOException e) {
        LOG.debug("closing the VM control socket: {}", e.getMessage());
      }
    }
    lock.close();
    closed.countDown();
  }
}
