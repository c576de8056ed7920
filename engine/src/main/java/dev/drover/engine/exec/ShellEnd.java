package dev.drover.engine.exec;

/**
 * How a shell ended: with the process's exit code, or with a failure a user can act on (no shell in
 * the image, container stopped, engine unreachable).
 */
public record ShellEnd(Integer exitCode, String failure) {

  public static ShellEnd exited(Integer exitCode) {
    return new ShellEnd(exitCode, null);
  }

  public static ShellEnd failed(String failure) {
    return new ShellEnd(null, failure);
  }

  public boolean isFailure() {
    return failure != null;
  }
}
