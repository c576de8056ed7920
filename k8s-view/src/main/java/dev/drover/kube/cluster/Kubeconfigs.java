package dev.drover.kube.cluster;

import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigWatch;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubeconfig files kubectl would read: the {@code KUBECONFIG} list, or {@code ~/.kube/config}.
 * As kubectl merges them, the first file that defines a context wins, and the first {@code
 * current-context} is the current one.
 */
public final class Kubeconfigs {

  private final List<Path> files;

  public Kubeconfigs(List<Path> files) {
    this.files = List.copyOf(files);
  }

  /**
   * The files named by {@code KUBECONFIG} (path-separator list) in {@code env}, else {@code
   * home/.kube/config}: the same rule the k3s provisioning writes by ({@link
   * KubeconfigFiles#from}).
   */
  public static Kubeconfigs locate(Map<String, String> env, Path home) {
    return new Kubeconfigs(KubeconfigFiles.from(env, home, File.pathSeparator).files());
  }

  public List<Path> files() {
    return files;
  }

  /**
   * The files as a user reads them: one path, or the list joined as {@code KUBECONFIG} joins it.
   */
  public String describe() {
    return KubeconfigFiles.describe(files, File.pathSeparator);
  }

  /**
   * Follows the files (also ones that do not exist yet): once this returns, {@code changed} runs on
   * a virtual thread after each burst of changes, such as kubectl adding a context. Closing the
   * handle stops following. Does file I/O: call it off the UI thread.
   */
  public AutoCloseable follow(Runnable changed) {
    return KubeconfigWatch.start(files, changed);
  }

  /**
   * Reads the contexts, in file order. A missing file is skipped (kubectl does the same); a damaged
   * one is an error that names it.
   */
  public List<KubeContext> contexts() {
    String currentName = null;
    var parsedFiles = new LinkedHashMap<Path, Config>();
    for (var file : files) {
      if (!Files.isRegularFile(file)) continue;
      try {
        parsedFiles.put(file, parse(file));
      } catch (RuntimeException e) {
        throw new ClusterException(
            "The kubeconfig file "
                + file
                + " cannot be read: "
                + rootMessage(e)
                + ". Fix or remove it, then reload the contexts.",
            e);
      }
    }
    // As kubectl merges users, the first file that defines a name wins, whichever file names the
    // user.
    var programLogins = new HashSet<String>();
    var usersSeen = new HashSet<String>();
    for (var parsed : parsedFiles.values()) {
      if (parsed.getUsers() == null) continue;
      for (var user : parsed.getUsers()) {
        if (user.getName() == null || !usersSeen.add(user.getName())) continue;
        var auth = user.getUser();
        if (auth != null && (auth.getExec() != null || auth.getAuthProvider() != null))
          programLogins.add(user.getName());
      }
    }
    var byName = new LinkedHashMap<String, KubeContext>();
    for (var entry : parsedFiles.entrySet()) {
      var file = entry.getKey();
      var parsed = entry.getValue();
      if (currentName == null
          && parsed.getCurrentContext() != null
          && !parsed.getCurrentContext().isBlank()) {
        currentName = parsed.getCurrentContext();
      }
      if (parsed.getContexts() == null) continue;
      for (var named : parsed.getContexts()) {
        if (named.getName() == null || byName.containsKey(named.getName())) continue;
        var context = named.getContext();
        var user = context == null ? null : context.getUser();
        byName.put(
            named.getName(),
            new KubeContext(
                named.getName(),
                context == null ? null : context.getCluster(),
                user,
                context == null ? null : context.getNamespace(),
                false,
                file,
                user != null && programLogins.contains(user)));
      }
    }
    var result = new ArrayList<KubeContext>(byName.size());
    for (var context : byName.values()) {
      result.add(
          context.name().equals(currentName)
              ? new KubeContext(
                  context.name(),
                  context.cluster(),
                  context.user(),
                  context.namespace(),
                  true,
                  context.file(),
                  context.logsInThroughAProgram())
              : context);
    }
    return result;
  }

  /** The file's contents as Fabric8's kubeconfig model. */
  static Config parse(Path file) {
    try (var in = Files.newInputStream(file)) {
      var parsed = Serialization.unmarshal(in, Config.class);
      if (parsed == null) throw new IllegalArgumentException("the file is empty");
      return parsed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String rootMessage(Throwable e) {
    var root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
