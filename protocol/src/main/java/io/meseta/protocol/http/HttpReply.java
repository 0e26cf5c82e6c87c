package io.meseta.protocol.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An endpoint's answer.
 *
 * @param status      the HTTP status
 * @param contentType its body's media type
 * @param body        the bytes sent
 * @param headers     extra response headers
 */
public record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json";
  public static final String BYTES = "application/octet-stream";

  public HttpReply {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status out of range: " + status);
    }
    Objects.requireNonNull(contentType, "contentType");
    body = body.clone();
    headers = java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
  }

  /** {@code value} as JSON (maps, lists, strings, numbers, booleans, nulls; or anything Jackson writes). */
  public static HttpReply json(int status, Object value) {
    try {
      return new HttpReply(status, JSON, Json.MAPPER.writeValueAsBytes(value), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the reply as JSON: " + e.getMessage(), e);
    }
  }

  /** 200 with {@code value} as JSON. */
  public static HttpReply json(Object value) {
    return json(200, value);
  }

  /** 200 with raw bytes and these headers. */
  public static HttpReply bytes(byte[] body, Map<String, String> headers) {
    return new HttpReply(200, BYTES, body, headers);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpReply r && status == r.status && contentType.equals(r.contentType)
        && java.util.Arrays.equals(body, r.body) && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, contentType, java.util.Arrays.hashCode(body), headers);
  }

  @Override
  public String toString() {
    return "HttpReply[" + status + " " + contentType + ", " + body.length + " bytes, " + headers + "]";
  }
}
