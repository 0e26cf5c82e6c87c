package io.meseta.slave.fetcher;

/** A URI could not be fetched, unpacked or prepared; the message names the URI and the cause. */
public final class FetchException extends Exception {
  private static final long serialVersionUID = 1L;

  public FetchException(String message) {
    super(message);
  }

  public FetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
