package io.meseta.master.election;

/** The election could not start, or the leader could not announce itself; the message says why. */
public final class ElectionException extends Exception {
  private static final long serialVersionUID = 1L;

  public ElectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
