package io.meseta.master;

import io.meseta.core.allocation.Allocation;
import io.meseta.core.allocation.Allocator;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.offers.Offer;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskStatus;
import io.meseta.core.time.Clock;
import io.meseta.master.agents.AgentGateway;
import io.meseta.master.durable.InMemoryRegistryStore;
import io.meseta.master.durable.RegistryContents;
import io.meseta.master.durable.RegistryException;
import io.meseta.master.durable.RegistryJournal;
import io.meseta.master.durable.RegistryMeta;
import io.meseta.master.events.EventQueue;
import io.meseta.master.events.Outbox;
import io.meseta.master.events.OfferCodec;
import io.meseta.master.metrics.MasterMetrics;
import io.meseta.master.registry.AgentRecord;
import io.meseta.master.registry.FrameworkDescriptor;
import io.meseta.master.registry.FrameworkRecord;
import io.meseta.master.registry.TaskRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The master's logic: agents, frameworks, offers and tasks, as one state machine. Every method
 * must be called from one thread (the event loop of {@link MesetaMaster}); none does I/O itself:
 * agents are reached through the {@link AgentGateway} and frameworks through their
 * {@link EventQueue}. Time comes from the injected clock, so component tests drive it directly.
 * A refused call throws {@link CallRejected} and changes nothing.
 *
 * <p>Every change a new leader needs is recorded in a {@link RegistryJournal}; whoever drives the
 * master flushes it ({@link #commit}) before letting the turn's effects out of the {@link Outbox}.
 */
public final class Master {
  private final MasterState state;
  private final AgentCalls agentCalls;
  private final FrameworkCalls frameworkCalls;
  private final Map<FrameworkId, EventQueue> mailboxes = new ConcurrentHashMap<>();
  private final long startedAtMillis;

  /** A master with an in-memory registry whose effects leave at once (component tests). */
  public Master(MasterConfig config, Clock clock, Allocator allocator, AgentGateway gateway,
      MasterMetrics metrics, String masterId) {
    this(config, clock, allocator, gateway, metrics, masterId, RegistryMeta.EMPTY,
        new RegistryJournal(new InMemoryRegistryStore(), metrics.registryWrite), Outbox.IMMEDIATE);
  }

  /**
   * @param meta    the id lineage of this term (ids continue from its counters)
   * @param journal where changes are recorded for the registry
   * @param outbox  where events for frameworks go; the gateway should send through it too
   */
  public Master(MasterConfig config, Clock clock, Allocator allocator, AgentGateway gateway,
      MasterMetrics metrics, String masterId, RegistryMeta meta, RegistryJournal journal, Outbox outbox) {
    this.state = new MasterState(config, clock, allocator, gateway, metrics, masterId, meta, journal, outbox);
    this.agentCalls = new AgentCalls(state);
    this.frameworkCalls = new FrameworkCalls(state, mailboxes);
    this.startedAtMillis = clock.millis();
  }

  public String masterId() {
    return state.masterId;
  }

  /** Restores what the registry holds; call once, before anything else. See {@link Recovery}. */
  public void recover(RegistryContents contents) {
    Recovery.restore(state, contents);
  }

  /** Makes the changes recorded since the last commit durable. */
  public void commit() throws RegistryException {
    state.journal.flush();
  }

  /**
   * The event queues of registered frameworks. This map alone may be read from other threads
   * (the RPC threads serving long polls); the loop is its only writer.
   */
  public Map<FrameworkId, EventQueue> mailboxes() {
    return mailboxes;
  }

  // ------------------------------------------------------------------ agents

  public AgentId registerAgent(AgentRegistration registration) {
    return agentCalls.register(registration);
  }

  public void agentHeartbeat(AgentId agentId) {
    agentCalls.heartbeat(agentId, Map.of());
  }

  /** A heartbeat that also reports the usage of the agent's running tasks (the latest is kept per task). */
  public void agentHeartbeat(AgentId agentId, Map<io.meseta.master.registry.TaskKey,
      io.meseta.master.registry.UsageSample> usage) {
    agentCalls.heartbeat(agentId, usage);
  }

  public void statusUpdate(AgentId agentId, FrameworkId frameworkId, TaskStatus status) {
    agentCalls.statusUpdate(agentId, frameworkId, status);
  }

  public void launchFailed(AgentId agentId, FrameworkId frameworkId, List<TaskId> tasks, String why) {
    agentCalls.launchFailed(agentId, frameworkId, tasks, why);
  }

  // ------------------------------------------------------------------ frameworks

  public FrameworkId registerFramework(FrameworkDescriptor descriptor, Optional<FrameworkId> frameworkId) {
    return frameworkCalls.register(descriptor, frameworkId);
  }

  public void accept(FrameworkId framework, List<OfferId> offers, List<TaskSpec> tasks, Optional<Duration> refuse) {
    frameworkCalls.accept(framework, offers, tasks, refuse);
  }

  public void decline(FrameworkId framework, List<OfferId> offers, Optional<Duration> refuse) {
    frameworkCalls.decline(framework, offers, refuse);
  }

  public void revive(FrameworkId framework) {
    frameworkCalls.revive(framework);
  }

  public void suppress(FrameworkId framework) {
    frameworkCalls.suppress(framework);
  }

  public void killTask(FrameworkId framework, TaskId task, Optional<Duration> grace) {
    frameworkCalls.kill(framework, task, grace);
  }

  public void acknowledge(FrameworkId framework, AgentId agent, TaskId task, String updateId) {
    frameworkCalls.acknowledge(framework, agent, task, updateId);
  }

  public void reconcile(FrameworkId framework, List<TaskId> tasks) {
    frameworkCalls.reconcile(framework, tasks);
  }

  public void teardown(FrameworkId framework) {
    frameworkCalls.teardown(framework);
  }

  /** Replaces the framework's locality wishes (and, if given, its delay scheduling waits). */
  public void setLocality(FrameworkId framework, io.meseta.core.allocation.LocalityWants wants,
      Optional<io.meseta.core.allocation.LocalityWaits> waits) {
    frameworkCalls.setLocality(framework, wants, waits);
  }

  // ------------------------------------------------------------------ timers

  /** Runs one allocation round and sends the offers it makes. Returns how many offers were made. */
  public int allocate() {
    state.takeAllocationRequest();
    List<Allocation> allocations;
    try (var ignored = state.metrics.allocationCycle.time()) {
      allocations = state.allocator.allocate();
    }
    Map<FrameworkId, List<io.meseta.protocol.thrift.Offer>> byFramework = new LinkedHashMap<>();
    for (Allocation a : allocations) {
      Offer offer = state.offers.create(a.frameworkId(), a.agentId(), a.resources());
      AgentRecord agent = state.agents.get(a.agentId());
      byFramework.computeIfAbsent(a.frameworkId(), k -> new ArrayList<>())
          .add(OfferCodec.toWire(offer, agent, a.locality()));
    }
    byFramework.forEach((fid, offers) -> state.frameworks.get(fid).events().offers(offers));
    state.metrics.offersSent.inc(allocations.size());
    return allocations.size();
  }

  /** Whether an event since the last round asked for an allocation; clears the request. */
  public boolean allocationRequested() {
    return state.takeAllocationRequest();
  }

  /** Removes agents that missed their heartbeats. */
  public void checkAgents() {
    agentCalls.checkHeartbeats();
  }

  /** Disconnects silent frameworks and removes those past their failover timeout. */
  public void checkFrameworks() {
    frameworkCalls.checkConnections();
  }

  /** Rescinds offers older than the offer timeout. */
  public void checkOffers() {
    for (Offer o : state.offers.expired()) {
      state.rescind(o, "offer " + o.id() + " expired", true);
    }
  }

  /** Sends every framework a heartbeat event, so schedulers can tell a live master from a dead one. */
  public void heartbeatFrameworks() {
    for (FrameworkRecord f : state.frameworks.values()) {
      f.events().heartbeat();
    }
  }

  // ------------------------------------------------------------------ views

  /** Registered agents, including recovered ones that have not re-registered yet. */
  public int activeAgents() {
    return state.agents.size();
  }

  /** The host names of the registered agents. */
  public java.util.Set<String> agentHostnames() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    state.agents.values().forEach(a -> out.add(a.hostname()));
    return out;
  }

  /** Recovered agents and frameworks that have not re-registered with this master yet. */
  public int awaitingReregistration() {
    return (int) (state.agents.values().stream().filter(AgentRecord::awaitingReregistration).count()
        + state.frameworks.values().stream().filter(FrameworkRecord::awaitingReregistration).count());
  }

  /** Closes every event queue at once: this master no longer leads, its pollers must look elsewhere. */
  public void closeMailboxes() {
    state.frameworks.values().forEach(f -> f.events().closeNow());
  }

  public int activeFrameworks() {
    return (int) state.frameworks.values().stream().filter(FrameworkRecord::active).count();
  }

  public int outstandingOffers() {
    return state.offers.all().size();
  }

  /** The cluster as it is now. */
  public MasterSnapshot snapshot(boolean includeCompleted) {
    return Snapshots.take(state, startedAtMillis, includeCompleted);
  }

  /** Live tasks, for tests and the state view. */
  List<TaskRecord> liveTasks() {
    List<TaskRecord> out = new ArrayList<>();
    state.frameworks.values().forEach(f -> out.addAll(f.tasks().values()));
    return out;
  }
}
