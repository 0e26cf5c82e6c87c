package io.meseta.hdfs.locality;

import io.meseta.hdfs.fs.HdfsAccessException;

/** An input could not be resolved to splits; the message names the input (and the name node when unreachable). */
public final class SplitResolutionException extends HdfsAccessException {
  private static final long serialVersionUID = 1L;

  public SplitResolutionException(Failure failure, String message) {
    super(failure, message);
  }

  public SplitResolutionException(Failure failure, String message, Throwable cause) {
    super(failure, message, cause);
  }
}
