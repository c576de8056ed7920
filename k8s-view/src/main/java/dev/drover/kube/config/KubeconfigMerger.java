package dev.drover.kube.config;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds, replaces and removes one named context (with its cluster and user of the same name) in the
 * user's kubeconfig, leaving every other context, cluster, user and setting as it was.
 *
 * <p>Writes follow kubectl's rules and a cautious editor's: the first file of {@code KUBECONFIG}
 * receives the entry; kubectl's {@code <file>.lock} is taken so the two never interleave; the
 * previous file is kept as {@code <file>.drover-backup}; the new file is written to a temporary
 * file created user-only (0600), synced and renamed over the old one, so a crash leaves the old or
 * the new file, never a mix. A file that cannot be parsed is never overwritten. Parsing and
 * printing use Fabric8's kubeconfig model.
 */
public final class KubeconfigMerger {

  public static final String BACKUP_SUFFIX = ".drover-backup";
  private static final Duration LOCK_WAIT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(KubeconfigMerger.class);

  private final KubeconfigFiles files;
  // Fabric8's default YAML quotes every string. Minimal quoting reads better but writes a token
  // "12345" as a
  // number, which kubectl then refuses to load (KubeconfigMergerTest.kubectlReadsTheMergedFile).
  // Fabric8's serialization loads Jackson and Fabric8's model: made on first use, not when the app
  // builds this.
  private KubernetesSerialization yaml;

  private synchronized KubernetesSerialization yaml() {
    if (yaml == null) yaml = new KubernetesSerialization();
    return yaml;
  }

  public KubeconfigMerger(KubeconfigFiles files) {
    this.files = Objects.requireNonNull(files, "files");
  }

  /**
   * Puts the current context of {@code source} (a cluster's own kubeconfig, such as k3s's {@code
   * k3s.yaml}) into the user's kubeconfig as {@code name}, pointing at {@code server}.
   *
   * @param makeCurrent also switch kubectl to it; otherwise it becomes current only when none is
   *     set
   * @return the file written
   */
  public Path merge(String name, String sourceKubeconfig, URI server, boolean makeCurrent) {
    var source = parse(sourceKubeconfig, "the cluster's kubeconfig");
    var contextName =
        source.getCurrentContext() != null
            ? source.getCurrentContext()
            : source.getContexts() == null || source.getContexts().isEmpty()
                ? null
                : source.getContexts().getFirst().getName();
    var context = named(source.getContexts(), NamedContext::getName, contextName);
    if (context == null || context.getContext() == null) {
      throw new KubeconfigException("The cluster's kubeconfig has no context to merge");
    }
    var cluster =
        named(source.getClusters(), NamedCluster::getName, context.getContext().getCluster());
    var user = named(source.getUsers(), NamedAuthInfo::getName, context.getContext().getUser());
    if (cluster == null || cluster.getCluster() == null || user == null) {
      throw new KubeconfigException(
          "The cluster's kubeconfig names a cluster or user it does not define");
    }
    var newCluster =
        new NamedCluster(
            cluster.getCluster().toBuilder().withServer(server.toString()).build(), name);
    var newUser = new NamedAuthInfo(name, user.getUser());
    var newContext =
        new NamedContext(
            context.getContext().toBuilder().withCluster(name).withUser(name).build(), name);
    return update(
        config -> {
          config.setClusters(replace(config.getClusters(), NamedCluster::getName, newCluster));
          config.setUsers(replace(config.getUsers(), NamedAuthInfo::getName, newUser));
          config.setContexts(replace(config.getContexts(), NamedContext::getName, newContext));
          if (makeCurrent
              || config.getCurrentContext() == null
              || config.getCurrentContext().isBlank()) {
            config.setCurrentContext(name);
          }
          return config;
        });
  }

  /**
   * Removes the context, cluster and user called {@code name}; a current context of that name is
   * unset.
   */
  public Path remove(String name) {
    return update(
        config -> {
          config.setClusters(without(config.getClusters(), NamedCluster::getName, name));
          config.setUsers(without(config.getUsers(), NamedAuthInfo::getName, name));
          config.setContexts(without(config.getContexts(), NamedContext::getName, name));
          if (name.equals(config.getCurrentContext())) config.setCurrentContext("");
          return config;
        });
  }

  /**
   * Makes {@code name} kubectl's current context, as {@code kubectl config use-context} does: the
   * first existing file of the list that sets a current context receives it, else the first file;
   * nothing else changes.
   *
   * @return the file written
   * @throws KubeconfigException when no file of the list defines the context
   */
  public Path useContext(String name) {
    Objects.requireNonNull(name, "name");
    Path holder = null;
    Path setter = null;
    for (var file : files.files()) {
      if (!Files.isRegularFile(file)) continue;
      Config config;
      try {
        config = parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
      } catch (IOException e) {
        throw new KubeconfigException(
            "Your kubeconfig " + file + " could not be read (" + describe(e) + ").", e);
      }
      if (holder == null && named(config.getContexts(), NamedContext::getName, name) != null)
        holder = file;
      if (setter == null
          && config.getCurrentContext() != null
          && !config.getCurrentContext().isBlank()) setter = file;
    }
    if (holder == null) {
      throw new KubeconfigException(
          "No kubeconfig file in "
              + files.describe()
              + " defines the context \""
              + name
              + "\". Reload the contexts and pick one of them.");
    }
    return update(
        setter == null ? writeTarget() : resolveLink(setter),
        config -> {
          config.setCurrentContext(name);
          return config;
        });
  }

  private Path update(UnaryOperator<Config> change) {
    return update(writeTarget(), change);
  }

  private Path update(Path target, UnaryOperator<Config> change) {
    var folder = target.toAbsolutePath().getParent();
    try {
      createFolder(folder);
    } catch (IOException e) {
      throw new KubeconfigException(
          "The folder "
              + folder
              + " for your kubeconfig could not be created ("
              + describe(e)
              + "). Check that you can write to it.",
          e);
    }
    var lock = target.resolveSibling(target.getFileName() + ".lock");
    acquire(lock);
    try {
      String existing;
      try {
        existing = Files.readString(target, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        existing = null;
      }
      var config =
          existing == null || existing.isBlank()
              ? emptyConfig()
              : parse(existing, target.toString());
      var updated = change.apply(config);
      if (existing != null) backup(target);
      write(target, yaml().asYaml(updated).getBytes(StandardCharsets.UTF_8));
      return target;
    } catch (IOException e) {
      throw new KubeconfigException(
          "Your kubeconfig "
              + target
              + " could not be updated ("
              + describe(e)
              + "). Check that the disk is not full and that you can write to "
              + folder
              + ".",
          e);
    } finally {
      try {
        Files.deleteIfExists(lock);
      } catch (IOException e) {
        LOG.warn("Could not remove the kubeconfig lock {}", lock, e);
      }
    }
  }

  // Dotfile managers often link ~/.kube/config; writing through keeps the managed copy.
  private Path writeTarget() {
    return resolveLink(files.writeTarget());
  }

  private static Path resolveLink(Path file) {
    if (Files.isSymbolicLink(file)) {
      try {
        return file.toRealPath();
      } catch (IOException e) {
        LOG.warn("Kubeconfig {} is a dangling link; replacing the link itself", file, e);
      }
    }
    return file;
  }

  private Config parse(String text, String what) {
    try {
      var config = yaml().unmarshal(text, Config.class);
      if (config == null) return emptyConfig();
      return config;
    } catch (RuntimeException e) {
      var detail =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : e.getMessage().lines().findFirst().orElse("");
      throw new KubeconfigException(
          what
              + " is not a valid kubeconfig ("
              + detail
              + "); Drover did not change"
              + " it. Fix or move the file, then try again.",
          e);
    }
  }

  private static Config emptyConfig() {
    var config = new Config();
    config.setApiVersion("v1");
    config.setKind("Config");
    config.setClusters(new ArrayList<>());
    config.setContexts(new ArrayList<>());
    config.setUsers(new ArrayList<>());
    config.setCurrentContext("");
    return config;
  }

  private static <T> T named(List<T> items, Function<T, String> nameOf, String name) {
    if (items == null || name == null) return null;
    return items.stream().filter(item -> name.equals(nameOf.apply(item))).findFirst().orElse(null);
  }

  // Replaces in place so a hand-ordered file keeps its order; new entries go last.
  private static <T> List<T> replace(List<T> items, Function<T, String> nameOf, T entry) {
    var result = new ArrayList<T>();
    var replaced = false;
    for (var item : items == null ? List.<T>of() : items) {
      if (nameOf.apply(entry).equals(nameOf.apply(item))) {
        if (!replaced) result.add(entry);
        replaced = true;
      } else {
        result.add(item);
      }
    }
    if (!replaced) result.add(entry);
    return result;
  }

  private static <T> List<T> without(List<T> items, Function<T, String> nameOf, String name) {
    if (items == null) return null;
    return items.stream().filter(item -> !name.equals(nameOf.apply(item))).toList();
  }

  private static void acquire(Path lock) {
    var deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    while (true) {
      try {
        Files.createFile(lock);
        return;
      } catch (FileAlreadyExistsException e) {
        if (System.nanoTime() > deadline) {
          throw new KubeconfigException(
              "Another program is changing your kubeconfig ("
                  + lock
                  + " exists)."
                  + " Try again; if no kubectl is running, remove that file.",
              e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new KubeconfigException("Updating your kubeconfig was cancelled", interrupted);
        }
      } catch (IOException e) {
        throw new KubeconfigException(
            "Your kubeconfig could not be locked for writing ("
                + describe(e)
                + "). Check that you can write to "
                + lock.getParent()
                + ".",
            e);
      }
    }
  }

  private static void backup(Path target) throws IOException {
    var backup = target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
    var temp =
        Files.createTempFile(
            target.toAbsolutePath().getParent(),
            "." + backup.getFileName() + ".",
            ".tmp",
            userOnly(target));
    try {
      // Into the user-only temporary file: Files.copy with REPLACE_EXISTING would recreate it with
      // the umask.
      try (var out = Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING)) {
        Files.copy(target, out);
      }
      moveIntoPlace(temp, backup);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void write(Path target, byte[] content) throws IOException {
    var folder = target.toAbsolutePath().getParent();
    var temp =
        Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp", userOnly(target));
    try {
      try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        var buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) channel.write(buffer);
        channel.force(true);
      }
      moveIntoPlace(temp, target);
      syncFolder(folder);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      LOG.warn("Atomic move not supported for {}; replacing non-atomically", target, e);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void createFolder(Path folder) throws IOException {
    if (Files.isDirectory(folder)) return;
    if (isPosix(folder)) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(folder);
    }
  }

  // Credentials live in this file: user-only from the moment it exists, never chmod-ed afterwards.
  private static FileAttribute<?>[] userOnly(Path file) {
    if (!isPosix(file)) return new FileAttribute<?>[0];
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
    };
  }

  private static void syncFolder(Path folder) {
    if (!isPosix(folder)) return;
    try (var channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("Could not sync folder {}", folder, e);
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String describe(IOException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
