package io.meseta.master;

import java.util.Optional;
import java.util.function.Function;

/**
 * The leading {@link Master} of this process, if it leads. RPC handlers reach the master only
 * through this, so a standby (or a leader that has just been fenced) answers NOT_LEADER.
 */
public interface MasterSeat {

  /** Any thread: the leading master, empty while this process does not lead. */
  Optional<Master> leading();

  /**
   * On the master's loop: runs {@code work} with the leading master, then makes the turn's
   * registry writes durable and lets its effects out, before the caller sees the result.
   *
   * @throws NotLeaderException if this process does not lead, or stopped leading during the turn
   * @throws io.meseta.master.loop.EventLoop.LoopUnavailableException if the registry could not be
   *         written (the master then stops leading)
   */
  <T> T serve(Function<Master, T> work);

  /** The refusal a caller gets from a master that does not lead, naming the leader when known. */
  NotLeaderException notLeader();
}
