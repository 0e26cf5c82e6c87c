package io.meseta.hdfs.conf;

/** The Hadoop configuration could not be loaded; the message names the directory, file or key at fault. */
public final class HadoopConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public HadoopConfigException(String message) {
    super(message);
  }

  public HadoopConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
