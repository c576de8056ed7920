package dev.drover.engine.containers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything "Run a container" asks for, already validated: each parse method turns what a user
 * typed into a value or throws {@link IllegalArgumentException} with a message saying what is wrong
 * and how to write it.
 *
 * @param name the container's name, or null for one the engine picks
 * @param command the command and its arguments, or empty for the image's default
 * @param runtime the OCI runtime (runc, crun, runsc…), or null for the engine's default
 */
public record RunSpec(
    String image,
    String name,
    List<PortMapping> ports,
    Map<String, String> environment,
    List<MountSpec> mounts,
    List<String> command,
    RestartPolicy restart,
    String runtime,
    boolean autoRemove) {

  // The Docker reference grammar (distribution/reference), without the digest-only edge cases'
  // error texts.
  private static final Pattern REFERENCE =
      Pattern.compile(
          "^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?/)?"
              + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
              + "(?::[\\w][\\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$");
  private static final Pattern CONTAINER_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
  private static final Pattern ENV_KEY = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.-]*$");

  public RunSpec {
    ports = List.copyOf(ports);
    environment = Map.copyOf(environment);
    mounts = List.copyOf(mounts);
    command = List.copyOf(command);
  }

  public static String parseImage(String text) {
    var image = text == null ? "" : text.strip();
    if (image.isEmpty())
      throw new IllegalArgumentException(
          "Enter an image, e.g. nginx:1.27 or registry.local:5000/team/app");
    if (!REFERENCE.matcher(image).matches()) {
      throw new IllegalArgumentException(
          "\""
              + image
              + "\" is not a valid image reference: use lower-case "
              + "[registry/]name[:tag], e.g. nginx:1.27");
    }
    return image;
  }

  /** Blank is no name; otherwise the engine's own rule for names. */
  public static String parseName(String text) {
    var name = text == null ? "" : text.strip();
    if (name.isEmpty()) return null;
    if (!CONTAINER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "\""
              + name
              + "\" is not a valid container name: use letters, digits, "
              + "and _ . - (not first)");
    }
    return name;
  }

  /** One mapping per line or comma: [hostIp:]hostPort:containerPort[/tcp|udp]. */
  public static List<PortMapping> parsePorts(String text) {
    var result = new ArrayList<PortMapping>();
    for (var entry : entries(text)) result.add(PortMapping.parse(entry));
    return result;
  }

  /**
   * One KEY=value per line. A bare KEY, which docker run takes to pass on the variable of the shell
   * it runs in, is refused: Drover runs no shell of the user's, and its own environment is not what
   * the user means.
   */
  public static Map<String, String> parseEnvironment(String text) {
    var result = new LinkedHashMap<String, String>();
    for (var line :
        (text == null ? "" : text).lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      var equals = line.indexOf('=');
      var key = equals < 0 ? line : line.substring(0, equals);
      if (!ENV_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "\"" + line + "\" is not an environment variable: write KEY=value");
      }
      if (equals < 0) {
        throw new IllegalArgumentException(
            "\""
                + key
                + "\" has no value: write "
                + key
                + "=value, or "
                + key
                + "= for an empty one (Drover does not pass its own environment on to containers)");
      }
      result.put(key, line.substring(equals + 1));
    }
    return result;
  }

  /** One mount per line or comma: volume-name:/path[:ro] or /host/path:/path[:ro]. */
  public static List<MountSpec> parseMounts(String text) {
    var result = new ArrayList<MountSpec>();
    for (var entry : entries(text)) result.add(MountSpec.parse(entry));
    return result;
  }

  /** Splits a command line as a POSIX shell would for words and quotes (no variables, no globs). */
  public static List<String> parseCommand(String text) {
    var words = new ArrayList<String>();
    var word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    var line = text == null ? "" : text.strip();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
        else if (c == '\\' && quote == '"' && i + 1 < line.length()) word.append(line.charAt(++i));
        else word.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        inWord = false;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0)
      throw new IllegalArgumentException("The command has an unclosed " + quote + " quote");
    if (inWord) words.add(word.toString());
    return words;
  }

  private static List<String> entries(String text) {
    return (text == null ? "" : text)
        .lines()
        .flatMap(l -> Arrays.stream(l.split(",")))
        .map(String::strip)
        .filter(e -> !e.isEmpty())
        .toList();
  }

  /**
   * A host port forwarded to a container port. Host port {@value #ANY_HOST_PORT} (written {@code
   * 127.0.0.1::80}, as for docker run) lets the engine choose a free one when the container starts.
   */
  public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {

    /** The host port that means "any free port, chosen by the engine". */
    public static final int ANY_HOST_PORT = 0;

    public boolean anyHostPort() {
      return hostPort == ANY_HOST_PORT;
    }

    static PortMapping parse(String text) {
      var protocol = "tcp";
      var body = text;
      var slash = text.lastIndexOf('/');
      if (slash >= 0) {
        protocol = text.substring(slash + 1).toLowerCase(Locale.ROOT);
        body = text.substring(0, slash);
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
          throw new IllegalArgumentException(
              "\"" + text + "\": the protocol must be tcp, udp or sctp");
        }
      }
      var parts = body.split(":");
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalArgumentException(
            "\""
                + text
                + "\" is not a port mapping: write hostPort:containerPort, "
                + "e.g. 8080:80, or 127.0.0.1:8080:80, or 127.0.0.1::80 for any free host port");
      }
      var hostIp = parts.length == 3 ? parts[0] : null;
      var hostPort =
          parts.length == 3 && parts[1].isBlank()
              ? ANY_HOST_PORT
              : port(parts[parts.length - 2], text);
      return new PortMapping(hostIp, hostPort, port(parts[parts.length - 1], text), protocol);
    }

    private static int port(String value, String text) {
      try {
        var port = Integer.parseInt(value.strip());
        if (port >= 1 && port <= 65535) return port;
      } catch (NumberFormatException notANumber) {
        // Reported below.
      }
      throw new IllegalArgumentException(
          "\"" + text + "\": \"" + value + "\" is not a port number (1 to 65535)");
    }
  }

  /** A named volume or a host folder mounted into the container. */
  public record MountSpec(String source, String target, boolean readOnly) {

    public boolean bind() {
      return source.startsWith("/")
          || source.startsWith(".")
          || source.startsWith("~")
          || source.startsWith("\\\\")
          || source.matches("^[A-Za-z]:[\\\\/].*");
    }

    static MountSpec parse(String text) {
      var readOnly = false;
      var body = text;
      if (body.endsWith(":ro") || body.endsWith(":rw")) {
        readOnly = body.endsWith(":ro");
        body = body.substring(0, body.length() - 3);
      }
      // A Windows drive letter ("C:\data") has a colon of its own.
      var colon = body.indexOf(':', body.matches("^[A-Za-z]:[\\\\/].*") ? 2 : 0);
      if (colon <= 0 || colon == body.length() - 1) {
        throw new IllegalArgumentException(
            "\""
                + text
                + "\" is not a mount: write volume:/path or /host/path:/path, "
                + "optionally followed by :ro");
      }
      var target = body.substring(colon + 1);
      if (!target.startsWith("/")) {
        throw new IllegalArgumentException(
            "\"" + text + "\": the path inside the container must start with /");
      }
      var source = body.substring(0, colon);
      if (relativeHostPath(source)) {
        var rest = source.replaceFirst("^(\\./|~/|\\.\\./)+", "");
        var example =
            "/home/me/"
                + (rest.isEmpty() || rest.startsWith(".") || rest.startsWith("~") ? "site" : rest);
        throw new IllegalArgumentException(
            "\""
                + text
                + "\": the host folder \""
                + source
                + "\" is a relative path; "
                + "write it in full, e.g. "
                + example
                + " (Drover has no working folder to resolve it from)");
      }
      return new MountSpec(source, target, readOnly);
    }

    /**
     * A host folder not written in full: "./site", "~/site", "relative/path". A volume's name has
     * no slash, and the engine would take "relative/path" for a volume name it refuses, or docker's
     * CLI for a folder under the shell's working folder, which Drover does not have.
     */
    private static boolean relativeHostPath(String source) {
      var absolute =
          source.startsWith("/")
              || source.startsWith("\\\\")
              || source.matches("^[A-Za-z]:[\\\\/].*");
      return !absolute
          && (source.startsWith(".")
              || source.startsWith("~")
              || source.contains("/")
              || source.contains("\\"));
    }
  }

  /** What the engine does when the container exits. */
  public record RestartPolicy(String name, int maximumRetries) {

    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    public static RestartPolicy parse(String text) {
      var value = text == null || text.isBlank() ? "no" : text.strip();
      if (value.equals("no") || value.equals("always") || value.equals("unless-stopped"))
        return new RestartPolicy(value, 0);
      if (value.startsWith("on-failure")) {
        if (value.equals("on-failure")) return new RestartPolicy("on-failure", 0);
        try {
          var retries = Integer.parseInt(value.substring("on-failure:".length()));
          if (retries >= 0 && value.startsWith("on-failure:"))
            return new RestartPolicy("on-failure", retries);
        } catch (NumberFormatException | StringIndexOutOfBoundsException notANumber) {
          // Reported below.
        }
      }
      throw new IllegalArgumentException(
          "\""
              + value
              + "\" is not a restart policy: use no, always, unless-stopped "
              + "or on-failure[:retries]");
    }
  }
}
