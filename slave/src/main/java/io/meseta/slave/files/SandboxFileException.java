package io.meseta.slave.files;

/** A sandbox file cannot be read; {@link #kind()} says why, the message names the file. */
public final class SandboxFileException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Kind {
    /** The request is malformed (an id that is not an id, a negative offset). */
    INVALID,
    /** The path leaves the sandbox, or is a link or not a regular file. */
    FORBIDDEN,
    /** No such sandbox or file. */
    NOT_FOUND,
    /** Reading failed. */
    IO
  }

  private final Kind kind;

  public SandboxFileException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SandboxFileException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
