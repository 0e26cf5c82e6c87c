package io.meseta.master;

import io.meseta.discovery.LeaderInfo;
import io.meseta.master.durable.RegistryException;
import io.meseta.master.durable.RegistryStore;
import io.meseta.master.election.Election;
import io.meseta.master.election.ElectionException;
import io.meseta.master.loop.EventLoop;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this process leads, and the {@link LeaderTerm} it runs while it does.
 *
 * <p>Leadership changes arrive from the {@link Election} on its threads. Winning posts
 * {@link #beginTerm} to the loop. Losing, or any doubt (ZooKeeper SUSPENDED or LOST), takes
 * effect <em>at once</em>: it bumps the disruption count, and a term is valid only while the
 * count is the one it began with, so from that instant the term's turns release nothing (no
 * offers, no launches; RPC callers get NOT_LEADER) and its timers do nothing. The term is then
 * closed on the loop: its in-memory state is dropped (nothing is rescinded; the next leader
 * recovers from the registry) and this master stays a standby until elected again, when it
 * begins a fresh term from the registry.
 */
final class LeaderSeat implements MasterSeat, Election.Candidate {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderSeat.class);

  /** Opens the registry store of a new term. */
  interface StoreFactory {
    RegistryStore open() throws RegistryException;
  }

  private final LeaderTerm.Context ctx;
  private final Election election;
  private final StoreFactory stores;
  private final AtomicLong disruptions = new AtomicLong();
  private volatile LeaderTerm term;
  private volatile int port;
  private volatile boolean closed;
  private volatile Exception lastFailure;

  LeaderSeat(LeaderTerm.Context ctx, Election election, StoreFactory stores) {
    this.ctx = ctx;
    this.election = election;
    this.stores = stores;
  }

  /** The port this master serves on, for its announcement; set before the election starts. */
  void servingOn(int boundPort) {
    this.port = boundPort;
  }

  // ------------------------------------------------------------------ election callbacks

  @Override
  public void elected() {
    ctx.loop().post(this::beginTerm);
  }

  @Override
  public void lost(String why) {
    disruptions.incrementAndGet();
    ctx.loop().post(() -> endTerm(why));
  }

  // ------------------------------------------------------------------ on the loop

  /** Begins a term if this master (still) won; on failure resigns so another master can try. */
  void beginTerm() {
    if (closed || term != null) {
      return;
    }
    long epoch = disruptions.get();
    if (!election.isLeader()) {
      return;
    }
    LeaderTerm t = null;
    try {
      t = LeaderTerm.begin(ctx, stores.open(), epoch);
      if (epoch != disruptions.get() || !election.isLeader()) {
        LOG.info("leadership lost while recovering; standing by");
        t.close();
        return;
      }
      t.flush();
      t.release();
      term = t;
      LeaderTerm begun = t;
      t.startTimers(ctx, () -> valid(begun));
      election.announce(new LeaderInfo(ctx.config().advertisedHost(), port, t.masterId));
      ctx.metrics().termsBegun.inc();
      lastFailure = null;
      LOG.info("master {} leads ({}), serving on {}:{}", t.masterId, election.describe(),
          ctx.config().advertisedHost(), port);
    } catch (RegistryException | ElectionException | RuntimeException e) {
      lastFailure = e;
      if (e instanceof RuntimeException) {
        LOG.error("cannot take over as leader: {}", e.getMessage(), e);
      } else {
        LOG.error("cannot take over as leader: {}", e.getMessage());
      }
      if (term != null) {
        endTerm("it could not take over: " + e.getMessage());
      } else if (t != null) {
        t.close();
      }
      disruptions.incrementAndGet();
      election.resign();
    }
  }

  /** Ends the current term, if any: this master becomes a standby. */
  void endTerm(String why) {
    LeaderTerm t = term;
    if (t == null) {
      return;
    }
    term = null;
    t.close();
    election.withdraw();
    LOG.warn("master {} stopped leading: {}", t.masterId, why);
  }

  /** After every loop turn: commit what the turn changed, and start an allocation it asked for. */
  void afterTurn() {
    try {
      commitTurn();
    } catch (NotLeaderException | EventLoop.LoopUnavailableException e) {
      LOG.debug("turn not committed: {}", e.getMessage());
    }
    LeaderTerm t = term;
    if (t != null && valid(t) && t.master.allocationRequested()) {
      ctx.loop().post(() -> {
        if (valid(t)) {
          t.master.allocate();
        }
      });
    }
  }

  /** Makes the turn's writes durable, then releases its effects; or drops both if the term is over. */
  private void commitTurn() {
    LeaderTerm t = term;
    if (t == null) {
      return;
    }
    if (!valid(t)) {
      t.discard();
      throw notLeader();
    }
    try {
      t.flush();
    } catch (RegistryException e) {
      t.discard();
      LOG.error("master {} cannot write its registry: {}; it stops leading", t.masterId, e.getMessage());
      disruptions.incrementAndGet();
      endTerm("its registry could not be written");
      election.resign();
      throw new EventLoop.LoopUnavailableException("the master could not write its registry (" + e.getMessage()
          + ") and stopped leading; try again");
    }
    if (!valid(t)) {
      t.discard();
      throw notLeader();
    }
    t.release();
  }

  private boolean valid(LeaderTerm t) {
    return t == term && !t.isClosed() && t.epoch == disruptions.get() && !closed;
  }

  @Override
  public <T> T serve(Function<Master, T> work) {
    LeaderTerm t = term;
    if (t == null || !valid(t)) {
      throw notLeader();
    }
    T result = work.apply(t.master);
    commitTurn();
    return result;
  }

  // ------------------------------------------------------------------ any thread

  @Override
  public Optional<Master> leading() {
    LeaderTerm t = term;
    return t != null && valid(t) ? Optional.of(t.master) : Optional.empty();
  }

  /** The current term's master id, when leading. */
  Optional<String> masterId() {
    LeaderTerm t = term;
    return t != null && valid(t) ? Optional.of(t.masterId) : Optional.empty();
  }

  @Override
  public NotLeaderException notLeader() {
    Optional<String> leader = election.leaderAddress();
    String self = ctx.config().advertisedHost() + ":" + port;
    if (leader.isPresent() && leader.get().equals(self)) {
      leader = Optional.empty(); // our own announcement, not withdrawn yet
    }
    return new NotLeaderException("this master is not the leader"
        + leader.map(l -> "; the leader is " + l).orElse(" and does not know which master leads yet"
        + " (election at " + election.describe() + ")"), leader);
  }

  /** Why the last attempt to lead failed, if it did. */
  Optional<Exception> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /** Fences the term at once; the caller then ends it on the loop. */
  void close() {
    closed = true;
    disruptions.incrementAndGet();
  }
}
