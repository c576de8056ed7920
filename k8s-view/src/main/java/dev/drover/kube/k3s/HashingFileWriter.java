package dev.drover.kube.k3s;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Receives a download body into a file while hashing it, and remembers when data last arrived so
 * the downloader can tell a slow download from a stalled one.
 */
final class HashingFileWriter implements Flow.Subscriber<List<ByteBuffer>> {

  private final FileChannel file;
  private final MessageDigest digest;
  private final K3sBinaries.Progress progress;
  private volatile long done;
  private volatile long total = -1;
  private volatile long lastDataNanos = System.nanoTime();
  private volatile IOException writeFailure;
  private Flow.Subscription subscription;

  HashingFileWriter(Path target, K3sBinaries.Progress progress) throws IOException {
    this.file =
        FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    this.progress = progress;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This Java runtime has no SHA-256", e);
    }
  }

  void expect(long length) {
    total = length;
    progress.downloaded(0, length);
  }

  @Override
  public void onSubscribe(Flow.Subscription newSubscription) {
    subscription = newSubscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    lastDataNanos = System.nanoTime();
    try {
      for (var buffer : buffers) {
        digest.update(buffer.duplicate());
        done += buffer.remaining();
        while (buffer.hasRemaining()) file.write(buffer);
      }
    } catch (IOException e) {
      // A full disk, say: stop receiving; the downloader reports it and removes the file.
      writeFailure = e;
      subscription.cancel();
      return;
    }
    progress.downloaded(done, total);
    subscription.request(1);
  }

  @Override
  public void onError(Throwable failure) {
    // Reported through the exchange's future.
  }

  @Override
  public void onComplete() {
    // Reported through the exchange's future.
  }

  /** Checks the body was complete and makes it durable before it may be moved into place. */
  void finish() throws IOException {
    if (writeFailure != null) throw writeFailure;
    if (total >= 0 && done != total) throw new IOException("the connection closed early");
    file.force(true);
    file.close();
  }

  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  long done() {
    return done;
  }

  long total() {
    return total;
  }

  /** Why writing the file failed, if it did. */
  IOException writeFailure() {
    return writeFailure;
  }

  Duration quietFor() {
    return Duration.ofNanos(System.nanoTime() - lastDataNanos);
  }

  void closeQuietly() {
    try {
      file.close();
    } catch (IOException ignored) {
      // Only the temporary file's handle; the file itself is deleted next.
    }
  }
}
