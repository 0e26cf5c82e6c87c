package io.meseta.master;

import java.util.Optional;

/**
 * This master does not lead (it is a standby, lost its ZooKeeper connection, or is still
 * recovering). The RPC layer answers NOT_LEADER with {@link #leader()} as the wire's {@code leader}.
 */
public final class NotLeaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String leader;

  public NotLeaderException(String message, Optional<String> leader) {
    super(message);
    this.leader = leader.orElse(null);
  }

  /** {@code host:port} of the leading master, when known. */
  public Optional<String> leader() {
    return Optional.ofNullable(leader);
  }
}
