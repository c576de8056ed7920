package dev.drover.kube.config;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The kubeconfig files in force, found the way kubectl finds them: the {@code KUBECONFIG} list if
 * set (separated by the platform's path separator, blanks ignored), otherwise {@code
 * ~/.kube/config}.
 *
 * @param files in precedence order; the first file wins for names defined twice and receives new
 *     entries
 */
public record KubeconfigFiles(List<Path> files) {

  public static final String KUBECONFIG = "KUBECONFIG";

  public KubeconfigFiles {
    files = List.copyOf(files);
    if (files.isEmpty())
      throw new IllegalArgumentException("at least one kubeconfig file is needed");
  }

  public static KubeconfigFiles of(Path... files) {
    return new KubeconfigFiles(Arrays.asList(files));
  }

  public static KubeconfigFiles forThisMachine() {
    return from(System.getenv(), Path.of(System.getProperty("user.home")), File.pathSeparator);
  }

  /** From an environment and home folder, so every rule can be tested on any machine. */
  public static KubeconfigFiles from(Map<String, String> env, Path userHome, String pathSeparator) {
    Objects.requireNonNull(userHome, "userHome");
    var value = env.get(KUBECONFIG);
    if (value != null) {
      var files =
          Arrays.stream(value.split(Pattern.quote(pathSeparator)))
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .distinct()
              .map(s -> userHome.getFileSystem().getPath(s))
              .toList();
      if (!files.isEmpty()) return new KubeconfigFiles(files);
    }
    return new KubeconfigFiles(List.of(userHome.resolve(".kube").resolve("config")));
  }

  /**
   * The files as a user reads and writes them: the one path, or the list joined by {@code
   * pathSeparator} as in {@code KUBECONFIG}.
   */
  public static String describe(List<Path> files, String pathSeparator) {
    return String.join(pathSeparator, files.stream().map(Path::toString).toList());
  }

  /** As {@link #describe(List, String)} with this platform's path separator. */
  public String describe() {
    return describe(files, File.pathSeparator);
  }

  /** The file kubectl writes new entries to, and so does Drover. */
  public Path writeTarget() {
    return files.getFirst();
  }
}
