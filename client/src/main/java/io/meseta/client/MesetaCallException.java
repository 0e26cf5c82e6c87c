package io.meseta.client;

import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;
import java.util.Objects;

/**
 * A call to the master failed: the master answered with an error ({@link #code()} and
 * {@link #masterMessage()} say which and why), or, for the subtype {@link NotConnectedException},
 * the master could not be reached at all.
 */
public class MesetaCallException extends RuntimeException {
  private final String call;
  private final ErrorCode code;
  private final String masterMessage;

  /** An error the master returned for {@code call}. */
  public MesetaCallException(String call, ErrorCode code, String masterMessage) {
    super(call + " failed: " + code + ": " + masterMessage);
    this.call = call;
    this.code = Objects.requireNonNull(code, "code");
    this.masterMessage = masterMessage == null ? "" : masterMessage;
  }

  /** For subtypes that carry their own description and cause. */
  protected MesetaCallException(String call, ErrorCode code, String description, Throwable cause) {
    super(call + " failed: " + description, cause);
    this.call = call;
    this.code = Objects.requireNonNull(code, "code");
    this.masterMessage = "";
  }

  static MesetaCallException of(String call, MesetaError error) {
    ErrorCode code = error.getCode() == null ? ErrorCode.INTERNAL : error.getCode();
    return new MesetaCallException(call, code, error.getMessage());
  }

  /** The name of the call that failed, e.g. {@code accept}. */
  public String call() {
    return call;
  }

  /** The master's error code; {@link ErrorCode#UNAVAILABLE} for {@link NotConnectedException}. */
  public ErrorCode code() {
    return code;
  }

  /** The master's explanation, or empty when the master was not reached. */
  public String masterMessage() {
    return masterMessage;
  }
}
