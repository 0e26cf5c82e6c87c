package io.meseta.protocol.codec;

import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;

/** Short constructors for the protocol's error. */
public final class Errors {
  private Errors() {}

  public static MesetaError of(ErrorCode code, String message) {
    return new MesetaError().setCode(code).setMessage(message);
  }

  public static MesetaError invalid(String message) {
    return of(ErrorCode.INVALID_REQUEST, message);
  }
}
