package io.meseta.slave.task;

/** A request names a task that this agent does not know. */
public final class UnknownTaskException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnknownTaskException(String message) {
    super(message);
  }
}
