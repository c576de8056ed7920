package dev.drover.app.wiring;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the app has built that needs closing, closed in the reverse of the order it was built: a
 * part closes before the parts it was built from, so nothing is used after it was closed. Parts
 * built later (on a page's first visit, after the first frame) join when they are built.
 */
public final class Closer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

  private final List<AutoCloseable> parts = new ArrayList<>();
  private boolean closed;

  /**
   * Closes {@code part} with the others, before every part registered earlier; returns it. A part
   * registered after {@link #close()} is closed at once.
   */
  public <T extends AutoCloseable> T register(T part) {
    synchronized (this) {
      if (!closed) {
        parts.add(part);
        return part;
      }
    }
    closeQuietly(part);
    return part;
  }

  /** Closes every part, newest first; a part that fails to close does not keep the rest open. */
  @Override
  public void close() {
    List<AutoCloseable> toClose;
    synchronized (this) {
      if (closed) return;
      closed = true;
      toClose = new ArrayList<>(parts.reversed());
      parts.clear();
    }
    toClose.forEach(Closer::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable part) {
    try {
      part.close();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (Exception failure) {
      LOG.warn("closing {} failed", part, failure);
    }
  }
}
