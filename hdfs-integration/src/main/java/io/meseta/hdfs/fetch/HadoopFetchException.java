package io.meseta.hdfs.fetch;

import io.meseta.hdfs.fs.HdfsAccessException;

/** A URI could not be fetched, cached or extracted; the message names the URI and the cause. */
public final class HadoopFetchException extends HdfsAccessException {
  private static final long serialVersionUID = 1L;

  public HadoopFetchException(Failure failure, String message) {
    super(failure, message);
  }

  public HadoopFetchException(Failure failure, String message, Throwable cause) {
    super(failure, message, cause);
  }
}
