package io.meseta.core.resources;

/** A resource amount or specification that cannot be accepted; the message names the problem. */
public final class InvalidResourcesException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidResourcesException(String message) {
    super(message);
  }
}
