package dev.drover.engine.exec;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The shell's standard input as a stream docker-java copies to the engine. Writers never block (a
 * UI thread sends keystrokes), unlike a piped stream, which also fails once its writer thread ends.
 */
final class StdinQueue extends InputStream {

  private static final byte[] END = new byte[0];

  private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private byte[] current = new byte[0];
  private int position;
  private volatile boolean ended;

  void offer(byte[] bytes) {
    if (!ended && bytes.length > 0) chunks.add(bytes.clone());
  }

  void end() {
    if (ended) return;
    ended = true;
    chunks.add(END);
  }

  @Override
  public int read() throws InterruptedIOException {
    var one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws InterruptedIOException {
    if (length == 0) return 0;
    if (position == current.length) {
      if (current == END) return -1;
      try {
        current = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("shell input interrupted");
      }
      position = 0;
      if (current == END) return -1;
    }
    int count = Math.min(length, current.length - position);
    System.arraycopy(current, position, into, offset, count);
    position += count;
    return count;
  }

  @Override
  public int available() {
    return current.length - position;
  }

  @Override
  public void close() {
    end();
  }
}
