package io.meseta.batch.client;

/** The job service could not be reached, or answered with an error; the message says which and why. */
public final class BatchServiceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  public BatchServiceException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of the answer; 0 if there was none. */
  public int status() {
    return status;
  }
}
