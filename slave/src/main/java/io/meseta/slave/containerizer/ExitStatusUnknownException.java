package io.meseta.slave.containerizer;

/**
 * A container's process ended but how is not known: it was adopted from an earlier agent process
 * (so it is not this process's child) and its wrapper recorded no exit status, e.g. because the
 * whole process group was SIGKILLed.
 */
public final class ExitStatusUnknownException extends Exception {
  private static final long serialVersionUID = 1L;

  public ExitStatusUnknownException(String message) {
    super(message);
  }
}
