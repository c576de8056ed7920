package dev.drover.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.opentest4j.TestAbortedException;

/**
 * Decides what a test does when a real part it needs (an engine, a display) is missing: under
 * {@code CI=true} the run fails, since a CI that skips proves nothing; on a developer machine the
 * test is skipped with a note saying which command provides the part.
 */
public final class RealParts {

  private RealParts() {}

  public static boolean inCi() {
    var ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
  }

  /**
   * Returns the value of {@code variable}, or fails (CI) or skips (elsewhere) with {@code
   * whatIsMissing}.
   */
  public static String require(String variable, String whatIsMissing) {
    var value = System.getenv(variable);
    if (value != null && !value.isBlank()) return value;
    missing(
        whatIsMissing
            + " ($"
            + variable
            + " is not set). Run the tests with ./run-tests.sh, which starts it.");
    return null;
  }

  /** Fails (CI) or skips (elsewhere) the test, saying what is missing. */
  public static void missing(String what) {
    if (inCi()) Assertions.fail(what);
    throw new TestAbortedException(what);
  }

  /**
   * Returns {@code program}, or fails (CI) or skips (elsewhere) when it is not installed, naming
   * {@code howToGetIt}.
   */
  public static Path requireExecutable(Path program, String howToGetIt) {
    if (Files.isExecutable(program)) return program;
    missing(program + " is not installed: " + howToGetIt);
    return null;
  }

  /** The X display the TestFX tests draw on. */
  public static String display() {
    return require("DISPLAY", "no X display for the window tests");
  }
}
