package io.meseta.discovery;

import io.meseta.protocol.transport.HostPort;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;

/**
 * Tells where the leading master is: always the same address for a {@link MasterAddress.Fixed}
 * master, or whatever the elected leader last published at {@link ZkUrl#leaderPath()} for a
 * {@link MasterAddress.ZooKeeper} one.
 *
 * <p>Lifecycle: {@link #start()}, then {@link #close()}. A ZooKeeper detector never fails
 * because ZooKeeper is unreachable: it keeps reconnecting and reports no leader meanwhile.
 * {@link #leader()} is a cheap read, safe from any thread.
 *
 * <p>Listeners run on the detector's own thread ({@code meseta-detector}), one at a time, in
 * the order of the changes, and must return promptly. A fixed detector never calls them.
 */
public interface MasterDetector extends AutoCloseable {

  /** Hears every change of the leader. */
  @FunctionalInterface
  interface Listener {
    /** The leader is now {@code leader}, or unknown when empty (none elected, or ZooKeeper unreachable). */
    void leaderChanged(Optional<HostPort> leader);
  }

  /** A detector for {@code address} with default ZooKeeper settings; not started. */
  static MasterDetector of(MasterAddress address) {
    return of(address, ZkSettings.DEFAULT);
  }

  /** A detector for {@code address}; {@code zooKeeper} applies to a zk:// address. Not started. */
  static MasterDetector of(MasterAddress address, ZkSettings zooKeeper) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(zooKeeper, "zooKeeper");
    if (address instanceof MasterAddress.ZooKeeper zk) {
      return ZooKeeperMasterDetector.owning(zk.url(), zooKeeper);
    }
    return new FixedMasterDetector((MasterAddress.Fixed) address);
  }

  /**
   * A detector that watches {@code url}'s leader node through {@code client} (connected to
   * {@code url}'s ensemble, without a namespace), which the caller has started and keeps open
   * until after {@link #close()}: e.g. a standby master's own client, to name the leader in its
   * NOT_LEADER answers. Not started.
   */
  static MasterDetector sharing(CuratorFramework client, ZkUrl url) {
    return ZooKeeperMasterDetector.sharing(client, url);
  }

  /** What this detector follows: a fixed address or a zk:// URL. */
  MasterAddress address();

  /** Begins watching; returns at once. Idempotent. */
  void start();

  /** The leader as last seen, or empty when none is known. */
  Optional<HostPort> leader();

  /**
   * Waits until a leader is known.
   *
   * @throws TimeoutException      if none is known within {@code timeout}; the message names the
   *                               ZooKeeper URL and why (unreachable, no leader node, malformed node)
   * @throws IllegalStateException if the detector is not started or is closed
   */
  HostPort awaitLeader(Duration timeout) throws InterruptedException, TimeoutException;

  void addListener(Listener listener);

  void removeListener(Listener listener);

  /** Stops watching; listeners are not called any more. Idempotent. */
  @Override
  void close();
}
