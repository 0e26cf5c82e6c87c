package io.meseta.client;

import io.meseta.protocol.thrift.ErrorCode;

/**
 * A call did not get an answer from the master: the client is not registered yet or is stopped,
 * or the connection failed (refused, reset, timed out). When the connection failed mid-call the
 * master may or may not have carried the call out; reconcile to find out. Its
 * {@link #code()} is {@link ErrorCode#UNAVAILABLE}.
 */
public class NotConnectedException extends MesetaCallException {
  /** {@code why} says what is missing, e.g. "not registered with a master yet". */
  public NotConnectedException(String call, String why) {
    super(call, ErrorCode.UNAVAILABLE, why, null);
  }

  /** The connection to the master failed. */
  public NotConnectedException(String call, String why, Throwable cause) {
    super(call, ErrorCode.UNAVAILABLE, why, cause);
  }
}
