package io.meseta.slave.checkpoint;

import java.nio.file.Path;

/** A checkpoint file exists but cannot be read or makes no sense; the message names the file. */
public final class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Path file;

  public CheckpointException(Path file, String problem, Throwable cause) {
    super("checkpoint " + file + " is unreadable: " + problem, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
