package io.meseta.batch.store;

/** The job store could not be read or written; the message names the store and the entry. */
public final class JobStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public JobStoreException(String message) {
    super(message);
  }
}
