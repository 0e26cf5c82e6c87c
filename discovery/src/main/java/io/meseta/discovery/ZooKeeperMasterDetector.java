package io.meseta.discovery;

import io.meseta.protocol.transport.HostPort;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the leader node of a {@link ZkUrl} the way Curator's NodeCache does: read it with a
 * data watch, or set an existence watch while it is missing, and read again on every watch
 * event and every (re)connection.
 *
 * <p>What it reports: the address in the node; no leader while the node is missing or holds
 * no usable {@link LeaderInfo} (logged once per distinct content); the last leader while the
 * connection is merely SUSPENDED (the leader may well be alive); no leader once the session is
 * LOST (a leader cut off from ZooKeeper as long stops leading). ZooKeeper being unreachable is
 * never fatal: Curator keeps reconnecting, and every reconnection reads the node again.
 *
 * <p>Threads: ZooKeeper watch events, background results and connection-state changes are all
 * handed to one thread of this detector, which alone changes the state and calls listeners.
 * Readers take the monitor, which also wakes {@link #awaitLeader} callers.
 */
final class ZooKeeperMasterDetector implements MasterDetector {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperMasterDetector.class);
  private static final int MAX_REASON_CHARS = 300;

  private final ZkUrl url;
  private final CuratorFramework client;
  private final WatcherRemoveCuratorFramework zk;
  private final boolean ownsClient;
  private final long retryMillis;
  private final ScheduledExecutorService events;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final CuratorWatcher watcher = this::onWatchedEvent;
  private final ConnectionStateListener connectionListener = (c, state) -> onConnectionState(state);

  private Optional<HostPort> leader = Optional.empty(); // guarded by this
  private String whyNone = "the detector is not started"; // guarded by this
  private volatile boolean started;
  private volatile boolean closed;
  private byte[] lastMalformed; // detector thread only

  private ZooKeeperMasterDetector(ZkUrl url, CuratorFramework client, boolean ownsClient, Duration retry) {
    this.url = Objects.requireNonNull(url, "url");
    this.client = Objects.requireNonNull(client, "client");
    this.zk = client.newWatcherRemoveCuratorFramework();
    this.ownsClient = ownsClient;
    this.retryMillis = retry.toMillis();
    this.events = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "meseta-detector");
      t.setDaemon(true);
      return t;
    });
  }

  /** A detector with a Curator client of its own, closed with it. */
  static ZooKeeperMasterDetector owning(ZkUrl url, ZkSettings settings) {
    return new ZooKeeperMasterDetector(url, settings.newClient(url), true, settings.retryBaseSleep());
  }

  /** A detector on the caller's started client, which it leaves open. */
  static ZooKeeperMasterDetector sharing(CuratorFramework client, ZkUrl url) {
    return new ZooKeeperMasterDetector(url, client, false, ZkSettings.DEFAULT.retryBaseSleep());
  }

  @Override
  public MasterAddress address() {
    return new MasterAddress.ZooKeeper(url);
  }

  @Override
  public void start() {
    synchronized (this) {
      if (started || closed) {
        return;
      }
      started = true;
      whyNone = "not connected to ZooKeeper at " + url.connectString() + " yet";
    }
    LOG.info("looking for the leading master in {}", url);
    client.getConnectionStateListenable().addListener(connectionListener, this::post);
    if (ownsClient) {
      client.start();
    } else {
      post(() -> {
        if (client.getZookeeperClient().isConnected()) {
          refresh();
        }
      });
    }
  }

  @Override
  public synchronized Optional<HostPort> leader() {
    return leader;
  }

  @Override
  public HostPort awaitLeader(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      if (!started) {
        throw new IllegalStateException("the master detector for " + url + " is not started");
      }
      while (leader.isEmpty()) {
        if (closed) {
          throw new IllegalStateException("the master detector for " + url + " is closed");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("no leading master found in " + url + " within " + timeout.toMillis()
              + " ms: " + whyNone);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return leader.get();
    }
  }

  @Override
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      whyNone = "the detector is closed";
      notifyAll();
    }
    listeners.clear();
    client.getConnectionStateListenable().removeListener(connectionListener);
    try {
      zk.removeWatchers();
    } catch (RuntimeException e) {
      LOG.debug("could not remove the watches on {}: {}", url.leaderPath(), e.toString());
    }
    if (ownsClient) {
      client.close();
    }
    events.shutdownNow();
    LOG.info("stopped looking for the leading master in {}", url);
  }

  @Override
  public String toString() {
    return "leader of " + url;
  }

  // ------------------------------------------------------------------ on the detector thread

  private void onConnectionState(ConnectionState state) {
    if (closed) {
      return;
    }
    switch (state) {
      case CONNECTED, RECONNECTED, READ_ONLY -> {
        LOG.info("{} ZooKeeper at {}; reading {}", state == ConnectionState.CONNECTED ? "connected to" : "reconnected to",
            url.connectString(), url.leaderPath());
        noteWhyNone("connected to ZooKeeper; reading " + url.leaderPath());
        refresh();
      }
      case SUSPENDED -> {
        LOG.warn("lost the connection to ZooKeeper at {}; reconnecting, and keeping the last known leader {} "
            + "until the session expires", url.connectString(), leader().map(Object::toString).orElse("(none)"));
        noteWhyNone("the connection to ZooKeeper at " + url.connectString() + " is lost; reconnecting");
      }
      case LOST -> {
        LOG.warn("the ZooKeeper session with {} is lost; no leader is known until it reconnects", url.connectString());
        publish(Optional.empty(), "ZooKeeper at " + url.connectString()
            + " has been unreachable for longer than the session timeout; reconnecting");
      }
      default -> LOG.debug("ZooKeeper connection state {}", state);
    }
  }

  /** Reads the leader node, watching it. */
  private void refresh() {
    if (closed) {
      return;
    }
    try {
      zk.getData().usingWatcher(watcher).inBackground(this::onData, this::post).forPath(url.leaderPath());
    } catch (Exception e) {
      failed("reading", e.toString());
    }
  }

  private void onData(CuratorFramework c, CuratorEvent event) {
    if (closed) {
      return;
    }
    KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
    if (code == KeeperException.Code.OK) {
      parse(event.getData());
    } else if (code == KeeperException.Code.NONODE) {
      publish(Optional.empty(), "there is no leader node " + url.leaderPath() + " (no master leads yet)");
      watchForCreation();
    } else {
      failed("reading", String.valueOf(code));
    }
  }

  /** A data watch is not left on a missing node: an existence watch is. */
  private void watchForCreation() {
    try {
      zk.checkExists().usingWatcher(watcher).inBackground(this::onExists, this::post).forPath(url.leaderPath());
    } catch (Exception e) {
      failed("watching", e.toString());
    }
  }

  private void onExists(CuratorFramework c, CuratorEvent event) {
    if (closed) {
      return;
    }
    KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
    if (code == KeeperException.Code.OK) {
      refresh(); // created meanwhile
    } else if (code != KeeperException.Code.NONODE) {
      failed("watching", String.valueOf(code));
    }
  }

  /**
   * An operation failed after Curator's retries. While disconnected the next (re)connection
   * reads again; while connected, try again after a pause.
   */
  private void failed(String what, String why) {
    if (closed) {
      return;
    }
    LOG.debug("{} {} failed: {}", what, url.leaderPath(), why);
    if (client.getZookeeperClient().isConnected()) {
      try {
        events.schedule(this::refresh, retryMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // closed meanwhile
      }
    }
  }

  private void parse(byte[] data) {
    byte[] bytes = data == null ? new byte[0] : data;
    try {
      HostPort address = LeaderInfo.fromBytes(bytes).address();
      lastMalformed = null;
      publish(Optional.of(address), null);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (message.length() > MAX_REASON_CHARS) {
        message = message.substring(0, MAX_REASON_CHARS) + "...";
      }
      String why = "the leader node " + url.leaderPath() + " holds no usable leader record (" + message + ")";
      if (!Arrays.equals(bytes, lastMalformed)) {
        LOG.warn("{} in {}; treating it as no leader", why, url);
        lastMalformed = bytes;
      }
      publish(Optional.empty(), why);
    }
  }

  private void publish(Optional<HostPort> next, String why) {
    boolean changed;
    synchronized (this) {
      changed = !leader.equals(next);
      leader = next;
      if (why != null) {
        whyNone = why;
      }
      notifyAll();
    }
    if (!changed || closed) {
      return;
    }
    if (next.isPresent()) {
      LOG.info("the leading master in {} is {}", url, next.get());
    } else {
      LOG.info("no leading master in {}: {}", url, why);
    }
    for (Listener listener : listeners) {
      try {
        listener.leaderChanged(next);
      } catch (RuntimeException e) {
        LOG.error("a listener of the leader of {} threw; carrying on", url, e);
      }
    }
  }

  private synchronized void noteWhyNone(String why) {
    whyNone = why;
  }

  /** On ZooKeeper's event thread: hand over to the detector thread. */
  private void onWatchedEvent(WatchedEvent event) {
    if (event.getType() != Watcher.Event.EventType.None) {
      post(this::refresh);
    }
  }

  /** Runs {@code task} on the detector thread; after {@link #close()}, drops it. */
  private void post(Runnable task) {
    try {
      events.execute(task);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }
}
