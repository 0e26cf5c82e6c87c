package io.meseta.slave.users;

/** A task cannot run as the user it asks for on this agent; the message says which user and why. */
public final class UserRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public UserRefusedException(String message) {
    super(message);
  }

  public UserRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
