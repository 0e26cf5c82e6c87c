package io.meseta.spark;

/** The Spark application cannot run on Meseta; the message says why and which setting bounds it. */
public final class MesetaSchedulerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MesetaSchedulerException(String message, Throwable cause) {
    super(message, cause);
  }
}
