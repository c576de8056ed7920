package dev.drover.app.wiring;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value made on first use, once, by whichever thread asks first; the others wait for it. For the
 * parts of the app the first frame does without: they are built when a page, a run or the first
 * frame's follow-up needs them.
 */
public final class Lazy<T> implements Supplier<T> {

  private Supplier<? extends T> make;
  private T value;

  private Lazy(Supplier<? extends T> make) {
    this.make = make;
  }

  /** A value {@code make} builds on the first {@link #get()}. */
  public static <T> Lazy<T> of(Supplier<? extends T> make) {
    return new Lazy<>(Objects.requireNonNull(make, "make"));
  }

  /** The value, made now if this is the first call. */
  @Override
  public synchronized T get() {
    if (make != null) {
      value = Objects.requireNonNull(make.get(), "a lazy value was made as null");
      make = null;
    }
    return value;
  }

  /** The value if it was made already; never makes it. */
  public synchronized Optional<T> made() {
    return make == null ? Optional.of(value) : Optional.empty();
  }
}
