package dev.drover.engine.images;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as the Docker CLI reads it ({@code [domain[:port]/]path[:tag][@digest]}),
 * checked against the grammar of distribution/reference before anything is sent to an engine, so a
 * typo is explained here rather than by a registry error.
 *
 * @param domain the registry host, with port, as written; empty for Docker Hub
 * @param path the repository path, e.g. {@code library/nginx} or {@code team/app}
 * @param tag the tag if one was written
 * @param digest the digest if one was written, e.g. {@code sha256:…}
 */
public record ImageReference(
    Optional<String> domain, String path, Optional<String> tag, Optional<String> digest) {

  private static final int NAME_MAX = 255;
  private static final Pattern DOMAIN_COMPONENT =
      Pattern.compile("[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:"
              + DOMAIN_COMPONENT
              + ")(?:\\.(?:"
              + DOMAIN_COMPONENT
              + "))*(?::[0-9]+)?"
              + "|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

  /**
   * Reads {@code text} as an image reference.
   *
   * @throws InvalidImageReferenceException with a sentence saying what is wrong, e.g. an upper-case
   *     letter in the repository name
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank())
      throw invalid(
          text, "enter an image name such as nginx:1.27 or registry.example.com/team/app:2");
    var reference = text.strip();
    if (reference.chars().anyMatch(Character::isWhitespace))
      throw invalid(reference, "it must not contain spaces");

    Optional<String> digest = Optional.empty();
    var at = reference.indexOf('@');
    var rest = reference;
    if (at >= 0) {
      var value = reference.substring(at + 1);
      if (!DIGEST.matcher(value).matches()) {
        throw invalid(reference, "the digest after '@' must look like sha256:<64 hex digits>");
      }
      digest = Optional.of(value);
      rest = reference.substring(0, at);
    }

    Optional<String> tag = Optional.empty();
    var lastSlash = rest.lastIndexOf('/');
    var colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      var value = rest.substring(colon + 1);
      if (!TAG.matcher(value).matches()) {
        throw invalid(
            reference,
            value.isEmpty()
                ? "the tag after ':' is empty"
                : "the tag \""
                    + value
                    + "\" may only hold letters, digits, '_', '.' and '-', must not start with '.' or '-', "
                    + "and is at most 128 characters");
      }
      tag = Optional.of(value);
      rest = rest.substring(0, colon);
    }

    if (rest.isEmpty()) throw invalid(reference, "the repository name is missing");
    if (rest.length() > NAME_MAX)
      throw invalid(reference, "the repository name is longer than " + NAME_MAX + " characters");

    Optional<String> domain = Optional.empty();
    var path = rest;
    var firstSlash = rest.indexOf('/');
    if (firstSlash >= 0) {
      var first = rest.substring(0, firstSlash);
      // The CLI's rule: a first component is a registry when it has a dot, a port, or is localhost.
      var isDomain =
          first.contains(".")
              || first.contains(":")
              || first.equals("localhost")
              || !first.equals(first.toLowerCase(Locale.ROOT));
      if (isDomain) {
        if (!DOMAIN.matcher(first).matches())
          throw invalid(
              reference, "the registry \"" + first + "\" is not a valid host name or host:port");
        domain = Optional.of(first);
        path = rest.substring(firstSlash + 1);
      }
    }
    if (path.isEmpty())
      throw invalid(reference, "the repository path after the registry is missing");
    for (var component : path.split("/", -1)) {
      if (component.isEmpty())
        throw invalid(reference, "the repository name has an empty part between slashes");
      if (!component.equals(component.toLowerCase(Locale.ROOT))) {
        throw invalid(reference, "repository names must be lowercase");
      }
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw invalid(
            reference,
            "the name part \""
                + component
                + "\" may only hold lowercase letters and digits, separated by '.', '_', '__' or '-'");
      }
    }
    if (domain.isEmpty()
        && path.length() == 64
        && path.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw invalid(
          reference,
          "it looks like an image ID; pull by name, or use the ID directly for local images");
    }
    return new ImageReference(domain, path, tag, digest);
  }

  /** Whether {@code text} is a valid reference. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (InvalidImageReferenceException e) {
      return false;
    }
  }

  /** The repository as the engine's API takes it: domain and path, without tag or digest. */
  public String repository() {
    return domain.map(d -> d + "/" + path).orElse(path);
  }

  /**
   * What the engine's pull and push APIs take as "tag": the digest if given, else the tag, else
   * "latest".
   */
  public String tagOrDigest() {
    return digest.orElseGet(() -> tag.orElse("latest"));
  }

  /** The reference as the engine lists it, with "latest" made explicit when nothing was given. */
  public String canonical() {
    if (digest.isPresent())
      return repository() + tag.map(t -> ":" + t).orElse("") + "@" + digest.get();
    return repository() + ":" + tag.orElse("latest");
  }

  private static InvalidImageReferenceException invalid(String text, String why) {
    if (text == null || text.isBlank())
      return new InvalidImageReferenceException("No image name given: " + why + ".");
    return new InvalidImageReferenceException(
        "\"" + text + "\" is not a valid image reference: " + why + ".");
  }

  /** A reference that breaks the grammar; the message says which part is wrong. */
  public static final class InvalidImageReferenceException extends IllegalArgumentException {
    public InvalidImageReferenceException(String message) {
      super(message);
    }
  }
}
