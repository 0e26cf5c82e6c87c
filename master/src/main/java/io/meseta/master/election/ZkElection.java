package io.meseta.master.election;

import io.meseta.discovery.LeaderInfo;
import io.meseta.discovery.ZkUrl;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among masters with Curator's {@link LeaderLatch} at {@link ZkUrl#electionPath()}.
 *
 * <p><b>Fencing.</b> The candidate is told {@link Candidate#lost} on the connection's
 * {@code SUSPENDED} and {@code LOST} states as well as on {@code notLeader()}: a leader that
 * cannot see ZooKeeper cannot know whether another master already leads, so it stops at once.
 * (A new leader can only be elected after this master's session expired, which is later than
 * {@code SUSPENDED}.) The latch rejoins the election by itself when the connection comes back.
 *
 * <p><b>Announcement.</b> The leader writes an ephemeral node at {@link ZkUrl#leaderPath()}
 * holding its {@link LeaderInfo}; standbys read it through a cache to tell callers where the
 * leader is. A stale node of an earlier leader whose session is still alive is replaced; if this
 * leader's node disappears while it leads, it is written again.
 *
 * <p><b>Unreachable ZooKeeper.</b> {@link #start} does not wait for a connection: the master
 * serves (answering NOT_LEADER) and Curator keeps retrying; a warning names the ensemble until
 * it connects.
 */
public final class ZkElection implements Election {
  private static final Logger LOG = LoggerFactory.getLogger(ZkElection.class);
  private static final Duration UNREACHABLE_WARNING = Duration.ofSeconds(10);
  /** A master that resigned stands again after this, so masters that all fail do not spin. */
  private static final Duration RESTAND_DELAY = Duration.ofSeconds(1);

  private final ZkUrl url;
  private final String participantId;
  private final CuratorFramework client;
  private final CuratorCache leaderCache;
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "meseta-master-election");
    t.setDaemon(true);
    return t;
  });
  private volatile Candidate candidate;
  private volatile LeaderLatch latch;
  private volatile LeaderInfo announced;
  private volatile boolean everConnected;
  private volatile boolean closed;

  private ZkElection(ZkUrl url, String participantId, CuratorFramework client) {
    this.url = url;
    this.participantId = participantId;
    this.client = client;
    this.leaderCache = CuratorCache.build(client, url.leaderPath(), CuratorCache.Options.SINGLE_NODE_CACHE);
  }

  /**
   * A candidate in {@code url}'s election; nothing connects until {@link #start}.
   *
   * @param participantId how this master shows among the latch's participants (its address)
   */
  public static ZkElection create(ZkUrl url, Duration sessionTimeout, String participantId) {
    int session = (int) sessionTimeout.toMillis();
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(url.connectString())
        .sessionTimeoutMs(session)
        .connectionTimeoutMs(session)
        .retryPolicy(new BoundedExponentialBackoffRetry(100, 1000, 3))
        .build();
    return new ZkElection(url, participantId, client);
  }

  /** The client, for the registry store of a term. */
  public CuratorFramework client() {
    return client;
  }

  @Override
  public void start(Candidate c) throws ElectionException {
    this.candidate = c;
    client.getConnectionStateListenable().addListener((cl, state) -> connectionChanged(state));
    leaderCache.listenable().addListener(CuratorCacheListener.builder().forAll((type, oldData, data) ->
        leaderNodeChanged()).build());
    try {
      client.start();
      leaderCache.start();
      latch = newLatch();
      latch.start();
    } catch (Exception e) {
      throw new ElectionException("cannot join the election at " + url + ": " + e.getMessage(), e);
    }
    submit(this::warnWhileUnreachable);
  }

  private LeaderLatch newLatch() {
    LeaderLatch l = new LeaderLatch(client, url.electionPath(), participantId);
    l.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        LOG.info("won the election at {}", url);
        candidate.elected();
      }

      @Override
      public void notLeader() {
        candidate.lost("no longer the elected leader at " + url);
      }
    });
    return l;
  }

  private void connectionChanged(ConnectionState state) {
    switch (state) {
      case CONNECTED, RECONNECTED -> {
        everConnected = true;
        LOG.info("ZooKeeper {} ({})", state == ConnectionState.CONNECTED ? "connected" : "reconnected", url);
      }
      case SUSPENDED, LOST -> {
        LOG.warn("ZooKeeper connection {} ({}): acting as a standby until it is back", state, url);
        candidate.lost("ZooKeeper connection " + state);
      }
      default -> LOG.info("ZooKeeper connection {} ({})", state, url);
    }
  }

  private void warnWhileUnreachable() {
    long deadline = System.nanoTime() + UNREACHABLE_WARNING.toNanos();
    try {
      while (!closed && !everConnected) {
        if (client.getZookeeperClient().blockUntilConnectedOrTimedOut()) {
          return;
        }
        if (System.nanoTime() > deadline && !closed) {
          LOG.warn("cannot reach ZooKeeper at {} yet; this master stays a standby and keeps trying", url);
          deadline = System.nanoTime() + UNREACHABLE_WARNING.toNanos();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether this master has been connected to ZooKeeper at least once. */
  public boolean everConnected() {
    return everConnected;
  }

  @Override
  public boolean isLeader() {
    LeaderLatch l = latch;
    return !closed && l != null && l.hasLeadership() && client.getZookeeperClient().isConnected();
  }

  @Override
  public void announce(LeaderInfo me) throws ElectionException {
    try {
      write(me);
      announced = me;
      LOG.info("announced {}:{} ({}) as the leader at {}", me.host(), me.port(), me.masterId(), url.leaderPath());
    } catch (Exception e) {
      throw new ElectionException("cannot announce this master at " + url.leaderPath() + ": " + e, e);
    }
  }

  /** Writes our node, replacing one another session left behind. */
  private void write(LeaderInfo me) throws Exception {
    byte[] data = me.toBytes();
    long session = client.getZookeeperClient().getZooKeeper().getSessionId();
    for (int attempt = 0; ; attempt++) {
      try {
        client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(url.leaderPath(), data);
        return;
      } catch (KeeperException.NodeExistsException e) {
        Stat stat = client.checkExists().forPath(url.leaderPath());
        if (stat == null) {
          continue;
        }
        if (stat.getEphemeralOwner() == session) {
          client.setData().forPath(url.leaderPath(), data);
          return;
        }
        if (attempt >= 5) {
          throw e;
        }
        try {
          client.delete().withVersion(stat.getVersion()).forPath(url.leaderPath());
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
          LOG.debug("the old leader node went away by itself");
        }
      }
    }
  }

  /** Our announcement vanished or was replaced while we still lead: write it again. */
  private void leaderNodeChanged() {
    LeaderInfo me = announced;
    if (me == null || closed) {
      return;
    }
    Optional<ChildData> now = leaderCache.get(url.leaderPath());
    if (now.isPresent() && Arrays.equals(now.get().getData(), me.toBytes())) {
      return;
    }
    submit(() -> {
      if (announced == me && isLeader()) {
        try {
          write(me);
        } catch (Exception e) {
          LOG.warn("cannot write the leader node {} again: {}", url.leaderPath(), e.toString());
        }
      }
    });
  }

  @Override
  public void withdraw() {
    LeaderInfo me = announced;
    announced = null;
    if (me == null) {
      return;
    }
    submit(() -> {
      try {
        Stat stat = client.checkExists().forPath(url.leaderPath());
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        if (stat != null && stat.getEphemeralOwner() == session && announced == null) {
          client.delete().withVersion(stat.getVersion()).forPath(url.leaderPath());
        }
      } catch (Exception e) {
        LOG.debug("leader node not withdrawn ({}); it goes with the session", e.toString());
      }
    });
  }

  @Override
  public synchronized void resign() {
    if (closed) {
      return;
    }
    LOG.warn("resigning leadership at {}; standing again in {}", url, RESTAND_DELAY);
    LeaderLatch old = latch;
    try {
      if (old.getState() == LeaderLatch.State.STARTED) {
        old.close(LeaderLatch.CloseMode.SILENT);
      }
    } catch (Exception e) {
      LOG.debug("closing the latch: {}", e.toString());
    }
    LeaderLatch next = newLatch();
    latch = next;
    try {
      worker.schedule(() -> standAgain(next), RESTAND_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("election closed");
    }
  }

  private synchronized void standAgain(LeaderLatch next) {
    if (closed || latch != next) {
      return; // closed, or resigned again meanwhile: a newer latch stands instead
    }
    try {
      next.start();
    } catch (Exception e) {
      LOG.error("cannot stand again at {}: {}", url, e.toString());
    }
  }

  @Override
  public Optional<String> leaderAddress() {
    try {
      return leaderCache.get(url.leaderPath())
          .map(d -> LeaderInfo.fromBytes(d.getData()).address().toString());
    } catch (IllegalArgumentException e) {
      LOG.debug("unreadable leader node: {}", e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public String describe() {
    return url.toString();
  }

  private void submit(Runnable r) {
    try {
      worker.execute(r);
    } catch (RejectedExecutionException e) {
      LOG.debug("election closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      LeaderLatch l = latch;
      if (l != null && l.getState() == LeaderLatch.State.STARTED) {
        l.close(LeaderLatch.CloseMode.SILENT);
      }
    } catch (Exception e) {
      LOG.debug("closing the latch: {}", e.toString());
    }
    leaderCache.close();
    worker.shutdownNow();
    client.close();
  }
}
