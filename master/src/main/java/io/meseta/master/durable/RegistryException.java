package io.meseta.master.durable;

/**
 * The registry could not be read or written. The message names the store (file or ZooKeeper
 * path) and what went wrong. A master that cannot write its registry must stop acting as leader.
 */
public final class RegistryException extends Exception {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
