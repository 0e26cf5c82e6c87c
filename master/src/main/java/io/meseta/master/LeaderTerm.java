package io.meseta.master;

import io.meseta.core.allocation.HierarchicalDrfAllocator;
import io.meseta.core.time.Clock;
import io.meseta.master.agents.OutboxGateway;
import io.meseta.master.agents.ThriftAgentGateway;
import io.meseta.master.durable.RegistryChange;
import io.meseta.master.durable.RegistryContents;
import io.meseta.master.durable.RegistryException;
import io.meseta.master.durable.RegistryJournal;
import io.meseta.master.durable.RegistryMeta;
import io.meseta.master.durable.RegistryStore;
import io.meseta.master.events.HeldOutbox;
import io.meseta.master.loop.EventLoop;
import io.meseta.master.metrics.MasterMetrics;
import io.meseta.protocol.transport.RpcLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One leadership term: a {@link Master} recovered from the registry, with its own id, agent
 * links, registry store and timers. A term is never reused: a master that stops leading closes
 * its term and, if elected again, begins a new one from the registry. Loop thread only.
 */
final class LeaderTerm {
  private static final Duration FRAMEWORK_HEARTBEAT = Duration.ofSeconds(10);

  /** What every term of a process shares. */
  record Context(MasterConfig config, Clock clock, RpcLimits limits, MasterMetrics metrics, EventLoop loop,
      String processTag) {}

  final String masterId;
  final Master master;
  /** The seat's disruption count when the term began: any later disruption ends the term. */
  final long epoch;
  private final RegistryStore store;
  private final RegistryJournal journal;
  private final HeldOutbox outbox;
  private final ThriftAgentGateway gateway;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private volatile boolean closed;

  private LeaderTerm(String masterId, long epoch, RegistryStore store, RegistryJournal journal, HeldOutbox outbox,
      ThriftAgentGateway gateway, Master master) {
    this.masterId = masterId;
    this.epoch = epoch;
    this.store = store;
    this.journal = journal;
    this.outbox = outbox;
    this.gateway = gateway;
    this.master = master;
  }

  /**
   * Loads the registry, claims the next term in it (a write that fails if another master wrote
   * since the load), and recovers a master from it. Nothing is sent to any peer yet.
   *
   * @throws RegistryException if the registry cannot be loaded or claimed; the store is closed
   */
  static LeaderTerm begin(Context ctx, RegistryStore store, long epoch) throws RegistryException {
    try {
      RegistryContents contents;
      try (var ignored = ctx.metrics().registryLoad.time()) {
        contents = store.load();
      }
      RegistryMeta meta = contents.meta().nextTerm();
      store.apply(RegistryChange.metaOnly(meta));
      String masterId = ctx.processTag() + "." + meta.term();
      HeldOutbox outbox = new HeldOutbox();
      RegistryJournal journal = new RegistryJournal(store, ctx.metrics().registryWrite);
      LeaderTerm[] self = new LeaderTerm[1];
      ThriftAgentGateway gateway = new ThriftAgentGateway(masterId, ctx.limits(),
          (agent, framework, tasks, why) -> ctx.loop().post(() -> {
            if (!self[0].closed) {
              self[0].master.launchFailed(agent, framework, tasks, why);
            }
          }));
      Master master = new Master(ctx.config(), ctx.clock(),
          new HierarchicalDrfAllocator(ctx.config().allocator(), ctx.clock()), new OutboxGateway(gateway, outbox),
          ctx.metrics(), masterId, meta, journal, outbox);
      master.recover(contents);
      self[0] = new LeaderTerm(masterId, epoch, store, journal, outbox, gateway, master);
      return self[0];
    } catch (RegistryException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Starts the term's timers; each runs only while {@code current} says the term still leads. */
  void startTimers(Context ctx, java.util.function.BooleanSupplier current) {
    MasterConfig c = ctx.config();
    every(ctx, c.allocationInterval(), current, master::allocate);
    every(ctx, c.agentPingInterval(), current, master::checkAgents);
    every(ctx, Duration.ofMillis(Math.min(1000, c.frameworkTimeout().toMillis())), current, master::checkFrameworks);
    c.offerTimeout().ifPresent(t -> every(ctx, Duration.ofMillis(Math.min(1000, t.toMillis())), current,
        master::checkOffers));
    every(ctx, FRAMEWORK_HEARTBEAT, current, master::heartbeatFrameworks);
  }

  private void every(Context ctx, Duration period, java.util.function.BooleanSupplier current, Runnable work) {
    timers.add(ctx.loop().every(period, () -> {
      if (current.getAsBoolean()) {
        work.run();
      }
    }));
  }

  /** Makes the turn's registry writes durable. */
  void flush() throws RegistryException {
    journal.flush();
  }

  /** Lets the turn's events and agent calls out (after {@link #flush}). */
  void release() {
    outbox.release();
  }

  /** Drops the turn's unwritten changes and unsent effects: the term no longer leads. */
  void discard() {
    journal.discard();
    outbox.discard();
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Ends the term: timers stop, nothing more reaches agents (queued calls are dropped), waiting
   * event polls return, the store is released.
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    timers.forEach(t -> t.cancel(false));
    discard();
    gateway.abort();
    master.closeMailboxes();
    store.close();
  }
}
