package dev.drover.engine.images;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The images a Dockerfile pulls, read from its {@code FROM} lines (and {@code COPY --from=}, which
 * pulls an image too), so a build is sent the logins of those registries only. A reference that
 * names an earlier stage, or {@code scratch}, pulls nothing; one built from an {@code ARG} ({@code
 * FROM $BASE}) is left out: what it will be is the engine's to decide, and no login is better than
 * running every credential helper on the chance.
 */
public final class DockerfileImages {

  private static final Pattern ESCAPE_DIRECTIVE =
      Pattern.compile("#\\s*escape\\s*=\\s*([\\\\`])\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern DIRECTIVE = Pattern.compile("#\\s*[A-Za-z]+\\s*=.*");
  private static final Pattern STAGE_INDEX = Pattern.compile("\\d+");

  private DockerfileImages() {}

  /**
   * The image references the Dockerfile's text pulls, in the order they appear, without duplicates.
   */
  public static Set<String> pulledBy(String dockerfile) {
    var images = new LinkedHashSet<String>();
    var stages = new HashSet<String>();
    for (var instruction : instructions(dockerfile)) {
      var words = List.of(instruction.strip().split("\\s+"));
      var keyword = words.getFirst().toUpperCase(Locale.ROOT);
      if (keyword.equals("FROM")) {
        var rest = withoutFlags(words.subList(1, words.size()));
        if (rest.isEmpty()) continue;
        var image = rest.getFirst();
        if (pullable(image, stages)) images.add(image);
        if (rest.size() >= 3 && rest.get(1).equalsIgnoreCase("AS"))
          stages.add(rest.get(2).toLowerCase(Locale.ROOT));
      } else if (keyword.equals("COPY")) {
        for (var word : words.subList(1, words.size())) {
          if (!word.startsWith("--")) break;
          if (word.regionMatches(true, 0, "--from=", 0, "--from=".length())) {
            var source = word.substring("--from=".length());
            if (!STAGE_INDEX.matcher(source).matches() && pullable(source, stages))
              images.add(source);
          }
        }
      }
    }
    return images;
  }

  private static boolean pullable(String image, Set<String> stages) {
    return !image.isEmpty()
        && !image.contains("$")
        && !image.equalsIgnoreCase("scratch")
        && !stages.contains(image.toLowerCase(Locale.ROOT));
  }

  /**
   * The words after an instruction's {@code --flag=value} options ({@code --platform=linux/amd64}).
   */
  private static List<String> withoutFlags(List<String> words) {
    var first = 0;
    while (first < words.size() && words.get(first).startsWith("--")) first++;
    return words.subList(first, words.size());
  }

  /**
   * The Dockerfile's instructions, one string each: continuation lines joined, comments and blank
   * lines left out, with the escape character its {@code # escape=} parser directive chooses.
   */
  static List<String> instructions(String dockerfile) {
    var lines = dockerfile.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    var escape = '\\';
    var start = 0;
    // Parser directives come first, before any comment, blank line or instruction.
    while (start < lines.length && DIRECTIVE.matcher(lines[start].strip()).matches()) {
      var escapeDirective = ESCAPE_DIRECTIVE.matcher(lines[start].strip());
      if (escapeDirective.matches()) escape = escapeDirective.group(1).charAt(0);
      start++;
    }
    var instructions = new ArrayList<String>();
    var current = new StringBuilder();
    for (var i = start; i < lines.length; i++) {
      var line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.charAt(line.length() - 1) == escape) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      instructions.add(current.toString());
      current.setLength(0);
    }
    if (!current.isEmpty() && !current.toString().isBlank()) instructions.add(current.toString());
    return instructions;
  }
}
