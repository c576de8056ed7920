package dev.drover.vm;

/** A VM operation failed; the message says what happened and what the user can do. */
public class VmException extends Exception {

  public VmException(String message) {
    super(message);
  }

  public VmException(String message, Throwable cause) {
    super(message, cause);
  }
}
