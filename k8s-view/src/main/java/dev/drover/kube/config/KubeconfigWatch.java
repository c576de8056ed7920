package dev.drover.kube.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows kubeconfig files as kubectl and other tools change them: a file written in place,
 * replaced by a rename (write a temporary file, then move it over), removed, or created later (also
 * when its folder does not exist yet). A folder is watched rather than the file, since a rename
 * replaces the file a watch would hold; a file that is a symbolic link is followed at its target
 * too. Changes that come in a burst (a write, then a rename) are reported once, after {@link
 * #QUIET} without another. All of it runs on one virtual thread; {@link #close} stops it.
 */
public final class KubeconfigWatch implements AutoCloseable {

  /** How long the files must be left alone before a burst of changes is reported. */
  static final Duration QUIET = Duration.ofMillis(250);

  private static final Logger LOG = LoggerFactory.getLogger(KubeconfigWatch.class);

  private final List<Path> files;
  private final Runnable changed;
  private final WatchService service;
  private final Map<Path, WatchKey> keys = new HashMap<>();

  /**
   * Per watched folder, the names in it that lead to a followed file; the watch's thread's after
   * start.
   */
  private Map<Path, Set<Path>> names = Map.of();

  private final Thread thread;
  private volatile boolean closed;

  private KubeconfigWatch(List<Path> files, Runnable changed, WatchService service) {
    this.files = files.stream().map(file -> file.toAbsolutePath().normalize()).toList();
    this.changed = changed;
    this.service = service;
    this.thread = Thread.ofVirtual().name("kubeconfig-watch").unstarted(this::run);
  }

  /**
   * Starts following {@code files}: once this returns, every change to them is reported, {@code
   * changed} running on the watch's thread after each burst. Does file I/O: call it off the UI
   * thread. When the system cannot watch files (out of watches, say) it says so in the log and the
   * files are not followed.
   */
  public static KubeconfigWatch start(List<Path> files, Runnable changed) {
    Objects.requireNonNull(changed, "changed");
    WatchService service;
    try {
      service = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      LOG.warn(
          "The kubeconfig files {} cannot be followed; changes show after a restart: {}",
          files,
          e.toString());
      return new KubeconfigWatch(List.copyOf(files), changed, null);
    }
    var watch = new KubeconfigWatch(List.copyOf(files), changed, service);
    try {
      watch.names = watch.register();
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "The kubeconfig files {} cannot be followed; changes show after a restart: {}",
          files,
          e.toString());
      watch.close();
      return watch;
    }
    watch.thread.start();
    return watch;
  }

  private void run() {
    try {
      while (!closed) {
        var key = service.take();
        boolean relevant = relevant(key, names);
        // The rest of the burst: a write, a rename, a second file of the list.
        for (WatchKey more;
            (more = service.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)) != null; ) {
          relevant |= relevant(more, names);
        }
        // A folder made or removed moves the watch closer to (or away from) the files; a file made
        // in a
        // folder just before it was watched is seen by the read this report leads to.
        var before = Set.copyOf(keys.keySet());
        names = register();
        relevant |= !before.equals(keys.keySet());
        if (relevant && !closed) report();
      }
    } catch (ClosedWatchServiceException | InterruptedException stopped) {
      // closed
    } catch (IOException | RuntimeException e) {
      LOG.warn("The kubeconfig files {} are no longer followed: {}", files, e.toString());
    }
  }

  private void report() {
    try {
      changed.run();
    } catch (RuntimeException e) {
      LOG.warn("Reacting to a kubeconfig change failed", e);
    }
  }

  /** Whether the key's events name something on the way to a followed file; resets the key. */
  private static boolean relevant(WatchKey key, Map<Path, Set<Path>> names) {
    boolean relevant = false;
    var wanted = names.getOrDefault((Path) key.watchable(), Set.of());
    for (var event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) relevant = true;
      else if (event.context() instanceof Path name && wanted.contains(name)) relevant = true;
    }
    key.reset();
    return relevant;
  }

  /**
   * Watches, for each file (and a link's target), the nearest folder on its path that exists, and
   * forgets folders no longer needed. Returns, per watched folder, the names in it that lead to a
   * followed file.
   */
  private Map<Path, Set<Path>> register() throws IOException {
    var names = new HashMap<Path, Set<Path>>();
    for (var file : followed()) {
      var child = file;
      var folder = file.getParent();
      while (folder != null && !Files.isDirectory(folder)) {
        child = folder;
        folder = folder.getParent();
      }
      if (folder == null) continue;
      names.computeIfAbsent(folder, f -> new HashSet<>()).add(child.getFileName());
    }
    for (var it = keys.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      if (!names.containsKey(entry.getKey()) || !entry.getValue().isValid()) {
        entry.getValue().cancel();
        it.remove();
      }
    }
    for (var folder : names.keySet()) {
      if (keys.containsKey(folder)) continue;
      try {
        keys.put(
            folder,
            folder.register(
                service,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY));
      } catch (IOException e) {
        // Removed or unreadable since it was looked at: the next change of its parent tries again.
        LOG.debug("Cannot watch {} for kubeconfig changes: {}", folder, e.toString());
      }
    }
    return names;
  }

  private Set<Path> followed() {
    var all = new LinkedHashSet<Path>(files);
    for (var file : files) {
      if (!Files.isSymbolicLink(file)) continue;
      try {
        all.add(file.toRealPath());
      } catch (IOException e) {
        // A dangling link: its own folder is watched, so the target appearing is not seen, a new
        // link is.
      }
    }
    return all;
  }

  /**
   * Stops following; no change is reported after this returns (unless called while reporting one).
   */
  @Override
  public void close() {
    closed = true;
    if (service == null) return;
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("Closing the kubeconfig watch", e);
    }
    thread.interrupt();
    if (Thread.currentThread() == thread || thread.getState() == Thread.State.NEW) return;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
