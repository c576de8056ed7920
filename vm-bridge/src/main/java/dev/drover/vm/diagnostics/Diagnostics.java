package dev.drover.vm.diagnostics;

import dev.drover.vm.network.ProxySettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The "Collect diagnostics" zip, the same from the app's Troubleshooting page and from {@code
 * drover diagnostics}: logs, settings, the VM's status and console, but never a secret. Private
 * keys and certificates, Docker and registry credentials and kubeconfigs are left out by name; in
 * what is kept, every kind of secret {@link #redact} knows is replaced by "[removed]".
 */
public final class Diagnostics {

  /**
   * A file, or a folder's files down to {@code depth} levels, to include under a name in the zip.
   */
  public record Source(String nameInZip, Path path, int depth) {
    public Source(String nameInZip, Path path) {
      this(nameInZip, path, Integer.MAX_VALUE);
    }
  }

  private static final long LARGEST_FILE = 20L << 20;
  private static final Pattern SECRET_NAMES =
      Pattern.compile(
          ".*(\\.pem|\\.key|\\.p12|\\.pfx|\\.jks|id_rsa.*|id_ed25519.*|credentials.*|kubeconfig.*|config\\.json|\\.sock|\\.lock|\\.qcow2|\\.img|\\.tar.*|vmlinuz)$");
  private static final Pattern SECRET_FOLDERS =
      Pattern.compile("tls|certs|\\.docker|\\.kube|secrets?");
  private static final Pattern SECRET_VALUES =
      Pattern.compile(
          "(?i)(\"[^\"]*(password|passwd|token|secret|auth|apikey|api_key|private)[^\"]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

  /**
   * {@code key=value} and {@code key: value} with a secret-looking key, as in env files and YAML.
   */
  private static final Pattern SECRET_ASSIGNMENTS =
      Pattern.compile(
          "(?i)(?<![\\w.-])([\\w.-]*(?:password|passwd|token|secret|api[_-]?key)[\\w.-]*|auth)(\\s*[=:][ \\t]*)(?!\\[removed])(\"[^\"\\n]*\"|'[^'\\n]*'|[^\\s,;&]+)");

  /** HTTP authorization headers, whatever their scheme. */
  private static final Pattern AUTHORIZATION_HEADERS =
      Pattern.compile(
          "(?i)\\b((?:proxy-)?authorization\\s*[:=][ \\t]*)(?:(Bearer|Basic|Digest|Token|Negotiate)[ \\t]+)?[^\\s\"',;]+");

  /** A bearer token anywhere, for instance in a logged curl command. */
  private static final Pattern BEARER_TOKENS =
      Pattern.compile("(?i)\\b(Bearer)[ \\t]+(?!\\[removed])[A-Za-z0-9._~+/=-]+");

  /** The password of a {@code scheme://user:password@host} URL, such as a proxy's. */

  /** A PEM private key block; one cut off at the end of a file is removed to the end. */
  private static final Pattern PRIVATE_KEYS =
      Pattern.compile(
          "(?s)-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----(?:.*?-----END [A-Z0-9 ]*PRIVATE KEY-----|.*)");

  private Diagnostics() {}

  /** Writes the zip: a summary first, then every source's files that may leave this machine. */
  public static List<String> write(OutputStream target, String summary, List<Source> sources)
      throws IOException {
    var written = new ArrayList<String>();
    try (var zip = new ZipOutputStream(target)) {
      zip.putNextEntry(new ZipEntry("summary.txt"));
      zip.write(summary.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      written.add("summary.txt");
      for (var source : sources) {
        if (!Files.exists(source.path())) continue;
        if (Files.isDirectory(source.path())) {
          try (Stream<Path> files = Files.walk(source.path(), source.depth())) {
            for (var file : files.filter(Files::isRegularFile).sorted().toList()) {
              var relative = source.path().relativize(file);
              if (mayInclude(relative)) {
                add(
                    zip,
                    source.nameInZip() + "/" + relative.toString().replace('\\', '/'),
                    file,
                    written);
              }
            }
          }
        } else if (mayInclude(source.path().getFileName())) {
          add(zip, source.nameInZip(), source.path(), written);
        }
      }
    }
    return written;
  }

  /** Whether a file, by its path below a source, may go into the zip. */
  public static boolean mayInclude(Path relative) {
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      if (SECRET_FOLDERS.matcher(relative.getName(i).toString().toLowerCase(Locale.ROOT)).matches())
        return false;
    }
    var name = relative.getFileName().toString().toLowerCase(Locale.ROOT);
    return !SECRET_NAMES.matcher(name).matches();
  }

  /**
   * The text with secrets removed: values of secret-looking JSON fields, assignments and YAML keys,
   * authorization headers and bearer tokens, passwords in URLs, and PEM private key blocks.
   */
  public static String redact(String text) {
    var result = PRIVATE_KEYS.matcher(text).replaceAll("-----BEGIN $1PRIVATE KEY----- [removed]");
    result = SECRET_VALUES.matcher(result).replaceAll("$1\"[removed]\"");
    result = AUTHORIZATION_HEADERS.matcher(result).replaceAll("$1[removed]");
    result = BEARER_TOKENS.matcher(result).replaceAll("$1 [removed]");
    // a proxy or registry URL's user and password (http://user:secret@proxy:3128), as the proxy
    // settings' own text shows them
    result = ProxySettings.redact(result);
    return SECRET_ASSIGNMENTS.matcher(result).replaceAll("$1$2[removed]");
  }

  private static void add(ZipOutputStream zip, String name, Path file, List<String> written)
      throws IOException {
    var size = Files.size(file);
    byte[] bytes;
    if (size > LARGEST_FILE) {
      // the end of a log says most about what went wrong
      try (var channel = Files.newByteChannel(file)) {
        channel.position(size - LARGEST_FILE);
        bytes = new byte[(int) LARGEST_FILE];
        var buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining() && channel.read(buffer) > 0) {}
      }
    } else {
      bytes = Files.readAllBytes(file);
    }
    zip.putNextEntry(new ZipEntry(name));
    zip.write(redact(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
    written.add(name);
  }
}
