package io.meseta.master.election;

import io.meseta.discovery.LeaderInfo;
import java.util.Optional;

/**
 * How a master learns whether it may act as leader. With ZooKeeper ({@link ZkElection}) several
 * masters stand and one wins; without it ({@link SoloElection}) the one master always wins.
 */
public interface Election extends AutoCloseable {

  /** Told about leadership. Calls come from the election's threads and must not block. */
  interface Candidate {
    /** This master won; it should check {@link Election#isLeader()} again when it acts on this. */
    void elected();

    /** This master must stop acting as leader at once: it lost the election, or it may have. */
    void lost(String why);
  }

  /**
   * Stands for election. Returns at once; {@code candidate} hears the outcome.
   *
   * @throws ElectionException if the election cannot even start (e.g. an unusable connect string)
   */
  void start(Candidate candidate) throws ElectionException;

  /** Whether this master leads now (and, with ZooKeeper, is connected). */
  boolean isLeader();

  /**
   * Tells clients where the leader is; called by the leader once it is ready to serve.
   *
   * @throws ElectionException if the announcement could not be made
   */
  void announce(LeaderInfo me) throws ElectionException;

  /** Takes back this master's announcement, if it is still the one published. Never blocks. */
  void withdraw();

  /** Gives up leadership (a term could not begin or its registry failed) and stands again. */
  void resign();

  /** {@code host:port} of the master that leads now, when known. */
  Optional<String> leaderAddress();

  /** What this election runs on, for messages. */
  String describe();

  @Override
  void close();
}
