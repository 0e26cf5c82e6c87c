package io.meseta.hdfs.logs;

import io.meseta.hdfs.fs.HdfsAccessException;

/** A task's output could not be archived or read back; the message names the task and the location. */
public final class LogArchiveException extends HdfsAccessException {
  private static final long serialVersionUID = 1L;

  public LogArchiveException(Failure failure, String message) {
    super(failure, message);
  }

  public LogArchiveException(Failure failure, String message, Throwable cause) {
    super(failure, message, cause);
  }
}
