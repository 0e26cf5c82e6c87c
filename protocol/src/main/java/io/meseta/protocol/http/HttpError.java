package io.meseta.protocol.http;

/**
 * A request an endpoint refuses: the HTTP status and a message that names what was wrong. It is
 * answered as {@code {"error": message}} with that status.
 */
public final class HttpError extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  public HttpError(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
    }
    this.status = status;
  }

  /** 400: a parameter is missing or malformed. */
  public static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  /** 403: the request names something it may not reach (a path outside a sandbox). */
  public static HttpError forbidden(String message) {
    return new HttpError(403, message);
  }

  /** 404: what the request names does not exist here. */
  public static HttpError notFound(String message) {
    return new HttpError(404, message);
  }

  /** 503: this process cannot answer now (a standby master asked for the cluster state). */
  public static HttpError unavailable(String message) {
    return new HttpError(503, message);
  }

  public int status() {
    return status;
  }
}
