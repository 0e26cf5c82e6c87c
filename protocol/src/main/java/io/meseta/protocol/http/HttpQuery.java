package io.meseta.protocol.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request's path and query parameters ({@code ?a=1&b=x}, URL-decoded). A parameter given twice
 * is refused, so that no endpoint has to guess which one was meant.
 */
public final class HttpQuery {
  private final String path;
  private final Map<String, String> params;

  private HttpQuery(String path, Map<String, String> params) {
    this.path = path;
    this.params = Collections.unmodifiableMap(params);
  }

  /** @throws HttpError 400 for a parameter given twice or not decodable */
  public static HttpQuery parse(URI uri) throws HttpError {
    Map<String, String> params = new TreeMap<>();
    String raw = uri.getRawQuery();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (params.put(name, value) != null) {
          throw HttpError.badRequest("parameter '" + name + "' is given more than once");
        }
      }
    }
    return new HttpQuery(uri.getPath() == null ? "/" : uri.getPath(), params);
  }

  /** A query with these parameters (tests, and endpoints called directly). */
  public static HttpQuery of(String path, Map<String, String> params) {
    return new HttpQuery(path, new TreeMap<>(params));
  }

  private static String decode(String s) throws HttpError {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("cannot decode '" + s + "': " + e.getMessage());
    }
  }

  public String path() {
    return path;
  }

  public Map<String, String> params() {
    return params;
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** @throws HttpError 400 naming the parameter if it is missing or empty */
  public String required(String name) throws HttpError {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      throw HttpError.badRequest("parameter '" + name + "' is required");
    }
    return v;
  }

  /**
   * A whole number between {@code min} and {@code max}, or {@code fallback} when absent.
   *
   * @throws HttpError 400 naming the parameter, its value and the range
   */
  public long number(String name, long fallback, long min, long max) throws HttpError {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("parameter '" + name + "' must be a whole number, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw HttpError.badRequest("parameter '" + name + "' must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  /** {@code true}/{@code false} (or absent: {@code fallback}). @throws HttpError 400 for anything else */
  public boolean flag(String name, boolean fallback) throws HttpError {
    String v = params.get(name);
    if (v == null) {
      return fallback;
    }
    return switch (v) {
      case "", "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw HttpError.badRequest("parameter '" + name + "' must be true or false, got '" + v + "'");
    };
  }
}
