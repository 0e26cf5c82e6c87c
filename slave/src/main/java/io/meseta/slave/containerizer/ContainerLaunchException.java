package io.meseta.slave.containerizer;

/** A container could not be started; the message says why. */
public final class ContainerLaunchException extends Exception {
  private static final long serialVersionUID = 1L;

  public ContainerLaunchException(String message) {
    super(message);
  }

  public ContainerLaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
