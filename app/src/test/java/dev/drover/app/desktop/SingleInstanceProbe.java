package dev.drover.app.desktop;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A second process for {@link SingleInstanceTest}: claims the folder given and says how it went,
 * then waits for stdin to close.
 */
public final class SingleInstanceProbe {

  private SingleInstanceProbe() {}

  public static void main(String[] args) throws Exception {
    var claim = SingleInstance.claim(Path.of(args[0]), Duration.ofSeconds(5));
    if (claim instanceof SingleInstance.HandedOver running) {
      System.out.println("HANDED_OVER " + running.pid());
      return;
    }
    var owner = ((SingleInstance.Owner) claim).instance();
    owner.listen(() -> System.out.println("OPEN"));
    System.out.println("LISTENING");
    System.out.flush();
    while (System.in.read() >= 0) {
      // Wait for the test to let go.
    }
    owner.close();
  }
}
