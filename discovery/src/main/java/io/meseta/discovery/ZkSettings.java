package io.meseta.discovery;

import java.time.Duration;
import java.util.Objects;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;

/**
 * How a Meseta process talks to ZooKeeper. The session timeout bounds failover: a crashed
 * leader's node disappears, and a client cut off from ZooKeeper gives up its view of the leader,
 * about one session timeout later.
 *
 * @param sessionTimeout    ZooKeeper session timeout (the server may adjust it to its own bounds)
 * @param connectionTimeout how long one operation waits for a connection before it is retried
 * @param retryBaseSleep    first delay between retries of a failed operation (doubling)
 * @param retryMaxSleep     longest delay between retries
 */
public record ZkSettings(Duration sessionTimeout, Duration connectionTimeout, Duration retryBaseSleep,
    Duration retryMaxSleep) {
  private static final Duration LONGEST = Duration.ofHours(1);

  /** Session 4 s, connection 2 s, retries from 100 ms doubling up to 2 s. */
  public static final ZkSettings DEFAULT = new ZkSettings(Duration.ofSeconds(4), Duration.ofSeconds(2),
      Duration.ofMillis(100), Duration.ofSeconds(2));

  /** Retries of one operation before it reports failure; the connection itself is retried forever. */
  static final int MAX_RETRIES = 10;

  /** @throws IllegalArgumentException naming the setting that is out of range */
  public ZkSettings {
    positive("sessionTimeout", sessionTimeout);
    positive("connectionTimeout", connectionTimeout);
    positive("retryBaseSleep", retryBaseSleep);
    positive("retryMaxSleep", retryMaxSleep);
    if (retryMaxSleep.compareTo(retryBaseSleep) < 0) {
      throw new IllegalArgumentException("zookeeper retryMaxSleep " + retryMaxSleep
          + " is below retryBaseSleep " + retryBaseSleep);
    }
  }

  /** These settings with another session timeout. */
  public ZkSettings withSessionTimeout(Duration timeout) {
    return new ZkSettings(timeout, connectionTimeout, retryBaseSleep, retryMaxSleep);
  }

  /**
   * A Curator client for the ensemble of {@code url}, not yet started, with these settings and
   * a bounded exponential retry policy. The ensemble is taken as given (no ensemble tracking).
   */
  public CuratorFramework newClient(ZkUrl url) {
    Objects.requireNonNull(url, "url");
    return CuratorFrameworkFactory.builder()
        .connectString(url.connectString())
        .sessionTimeoutMs((int) sessionTimeout.toMillis())
        .connectionTimeoutMs((int) connectionTimeout.toMillis())
        .retryPolicy(new BoundedExponentialBackoffRetry((int) retryBaseSleep.toMillis(),
            (int) retryMaxSleep.toMillis(), MAX_RETRIES))
        .ensembleTracker(false)
        .build();
  }

  private static void positive(String name, Duration value) {
    if (value == null) {
      throw new IllegalArgumentException("zookeeper " + name + " must be set");
    }
    if (value.toMillis() < 1 || value.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("zookeeper " + name + " must be between 1 ms and " + LONGEST + ", got " + value);
    }
  }
}
