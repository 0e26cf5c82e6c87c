package io.meseta.hdfs.fetch;

import java.io.IOException;

/** An archive entry would land, or a link would point, outside the directory it is extracted into. */
final class UnsafeArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  UnsafeArchiveException(String message) {
    super(message);
  }
}
