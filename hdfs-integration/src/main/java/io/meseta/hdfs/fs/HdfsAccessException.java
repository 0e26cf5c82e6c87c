package io.meseta.hdfs.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A Hadoop file system could not do what was asked. The message names the path or URI and, when
 * the file system could not be reached, its address; {@link #failure()} classifies the cause so
 * that callers can answer "no such path" differently from "HDFS is down".
 */
public class HdfsAccessException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this was. */
  public enum Failure {
    /** The path or URI does not exist, or a glob matched nothing. */
    NOT_FOUND,
    /** The name node (or another file system endpoint) could not be reached. */
    UNREACHABLE,
    /** The request itself was wrong: a directory where a file was needed, a bad URI, an unknown scheme. */
    INVALID,
    /** Any other I/O failure (permissions, a corrupt block, a full local disk, a changed file). */
    IO;

    /** Classifies an I/O failure by the first cause in its chain that says what happened. */
    public static Failure of(Throwable error) {
      for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof FileNotFoundException) {
          return NOT_FOUND;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException
            || t instanceof SocketTimeoutException || t instanceof UnknownHostException) {
          return UNREACHABLE;
        }
      }
      return IO;
    }
  }

  private final Failure failure;

  public HdfsAccessException(Failure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public HdfsAccessException(Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public Failure failure() {
    return failure;
  }

  /** The first line of an I/O exception's message, without Hadoop's wiki links. */
  public static String describe(IOException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int wiki = m.indexOf("; For more details see");
    String first = wiki >= 0 ? m.substring(0, wiki) : m;
    int nl = first.indexOf('\n');
    return nl >= 0 ? first.substring(0, nl) : first;
  }
}
