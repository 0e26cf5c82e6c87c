package io.meseta.slave.status;

/** A status update could not be handed to the master; it will be retried. */
public final class StatusSendException extends Exception {
  private static final long serialVersionUID = 1L;

  public StatusSendException(String message) {
    super(message);
  }

  public StatusSendException(String message, Throwable cause) {
    super(message, cause);
  }
}
