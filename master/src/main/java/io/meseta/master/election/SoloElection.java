package io.meseta.master.election;

import io.meseta.discovery.LeaderInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election of a master without ZooKeeper: it is elected at once. When it resigns (its
 * registry could not be loaded or written) it stands again after {@code retryDelay}, so a
 * transient disk problem does not need a restart.
 */
public final class SoloElection implements Election {
  private static final Logger LOG = LoggerFactory.getLogger(SoloElection.class);

  private final Duration retryDelay;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "meseta-master-solo-election");
    t.setDaemon(true);
    return t;
  });
  private volatile Candidate candidate;
  private volatile boolean leader;
  private volatile boolean closed;

  public SoloElection(Duration retryDelay) {
    this.retryDelay = retryDelay;
  }

  @Override
  public void start(Candidate c) {
    this.candidate = c;
    leader = true;
    c.elected();
  }

  @Override
  public boolean isLeader() {
    return leader && !closed;
  }

  @Override
  public void announce(LeaderInfo me) {}

  @Override
  public void withdraw() {}

  @Override
  public void resign() {
    leader = false;
    LOG.warn("the master stepped down; it tries to lead again in {}", retryDelay);
    try {
      timer.schedule(() -> {
        if (!closed) {
          leader = true;
          candidate.elected();
        }
      }, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("election closed");
    }
  }

  @Override
  public Optional<String> leaderAddress() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "a single master (no ZooKeeper)";
  }

  @Override
  public void close() {
    closed = true;
    leader = false;
    timer.shutdownNow();
  }
}
