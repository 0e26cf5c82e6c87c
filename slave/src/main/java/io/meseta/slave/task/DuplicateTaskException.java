package io.meseta.slave.task;

/** A launch names a task that this agent already knows; nothing was launched. */
public final class DuplicateTaskException extends Exception {
  private static final long serialVersionUID = 1L;

  public DuplicateTaskException(String message) {
    super(message);
  }
}
