package io.meseta.slave.isolation;

/**
 * The machine cannot isolate as asked: an isolator cannot start (no cgroup hierarchy, not root, a
 * missing program) or a container's isolation cannot be set up or torn down. The message names
 * the container or path and what failed.
 */
public final class IsolationException extends Exception {
  private static final long serialVersionUID = 1L;

  public IsolationException(String message) {
    super(message);
  }

  public IsolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
