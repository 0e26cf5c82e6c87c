package io.meseta.master;

/**
 * A call the master refuses. The master's state is unchanged when this is thrown; the message
 * names what was wrong and goes back to the caller.
 */
public final class CallRejected extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a call was refused; the RPC layer maps these one-to-one onto wire error codes. */
  public enum Reason {
    INVALID_REQUEST,
    UNKNOWN_FRAMEWORK,
    UNKNOWN_AGENT,
    UNKNOWN_OFFER,
    UNKNOWN_TASK,
    DUPLICATE_TASK,
    INSUFFICIENT_RESOURCES,
    AGENT_REMOVED
  }

  private final Reason reason;

  public CallRejected(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  static CallRejected invalid(String message) {
    return new CallRejected(Reason.INVALID_REQUEST, message);
  }
}
