package io.meseta.master;

import io.meseta.core.allocation.Allocator;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.offers.Offer;
import io.meseta.core.offers.OfferBook;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.TaskStatus;
import io.meseta.core.time.Clock;
import io.meseta.master.agents.AgentGateway;
import io.meseta.master.durable.RegistryJournal;
import io.meseta.master.durable.RegistryMeta;
import io.meseta.master.durable.StoredAgent;
import io.meseta.master.durable.StoredFramework;
import io.meseta.master.durable.StoredTask;
import io.meseta.master.events.EventQueue;
import io.meseta.master.events.Outbox;
import io.meseta.master.metrics.MasterMetrics;
import io.meseta.master.registry.AgentRecord;
import io.meseta.master.registry.FrameworkRecord;
import io.meseta.master.registry.TaskKey;
import io.meseta.master.registry.TaskRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the master knows, and the bookkeeping shared by its agent-facing and
 * framework-facing calls. Owned by the master's event loop: only that thread touches it.
 * Every change a new leader would need is also recorded in the {@link RegistryJournal}.
 */
final class MasterState {
  static final int COMPLETED_TASKS_KEPT = 10_000;

  final MasterConfig config;
  final Clock clock;
  final Allocator allocator;
  final OfferBook offers;
  final AgentGateway gateway;
  final MasterMetrics metrics;
  final String masterId;
  final RegistryJournal journal;
  final Outbox outbox;
  final SortedMap<AgentId, AgentRecord> agents = new TreeMap<>();
  final SortedMap<FrameworkId, FrameworkRecord> frameworks = new TreeMap<>();
  final Set<AgentId> removedAgents = new TreeSet<>();
  final Set<FrameworkId> removedFrameworks = new TreeSet<>();
  /**
   * Recently ended tasks, oldest first, for reconciliation and the state view. They stay in the
   * registry while they are here, so a new leader still refuses their ids and answers for them.
   */
  final LinkedHashMap<TaskKey, TaskRecord> completed = new LinkedHashMap<>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<TaskKey, TaskRecord> eldest) {
      boolean evict = size() > COMPLETED_TASKS_KEPT;
      if (evict) {
        journal.removeTask(eldest.getKey());
      }
      return evict;
    }
  };
  /** The id lineage: counters continue across leaders, so no id is issued twice. */
  private RegistryMeta meta;
  private boolean allocationWanted;

  MasterState(MasterConfig config, Clock clock, Allocator allocator, AgentGateway gateway,
      MasterMetrics metrics, String masterId, RegistryMeta meta, RegistryJournal journal, Outbox outbox) {
    this.config = config;
    this.clock = clock;
    this.allocator = allocator;
    this.gateway = gateway;
    this.metrics = metrics;
    this.masterId = masterId;
    this.meta = meta;
    this.journal = journal;
    this.outbox = outbox;
    this.offers = new OfferBook(clock, config.offerTimeout(), masterId);
  }

  AgentId nextAgentId() {
    meta = meta.nextAgent();
    journal.meta(meta);
    return AgentId.of(String.format("%s-S%06d", masterId, meta.agentSequence()));
  }

  FrameworkId nextFrameworkId() {
    meta = meta.nextFramework();
    journal.meta(meta);
    return FrameworkId.of(String.format("%s-F%06d", masterId, meta.frameworkSequence()));
  }

  EventQueue newEventQueue() {
    return new EventQueue(clock, outbox);
  }

  // ------------------------------------------------------------------ registry

  void persist(AgentRecord a) {
    journal.putAgent(new StoredAgent(a.id(), a.hostname(), a.port(), a.total(), a.attributes()));
  }

  void persist(FrameworkRecord f) {
    journal.putFramework(new StoredFramework(f.id(), f.descriptor()));
  }

  void persist(TaskRecord t) {
    journal.putTask(new StoredTask(t.frameworkId(), t.spec(), t.state(), t.latest(), clock.millis()));
  }

  void wantAllocation() {
    allocationWanted = true;
  }

  /** Whether an event since the last round asked for an allocation; clears the request. */
  boolean takeAllocationRequest() {
    boolean wanted = allocationWanted;
    allocationWanted = false;
    return wanted;
  }

  FrameworkRecord framework(FrameworkId id) {
    FrameworkRecord f = frameworks.get(id);
    if (f == null) {
      String why = removedFrameworks.contains(id) ? " (it was removed)" : "";
      throw new CallRejected(CallRejected.Reason.UNKNOWN_FRAMEWORK, "unknown framework " + id + why);
    }
    return f;
  }

  AgentGateway.Endpoint endpoint(AgentRecord a) {
    return new AgentGateway.Endpoint(a.id(), a.hostname(), a.port());
  }

  /**
   * Takes an outstanding offer back: tells its framework, and returns the resources to the pool
   * when the agent is still there.
   */
  void rescind(Offer offer, String why, boolean recover) {
    offers.remove(offer.id());
    metrics.offersRescinded.inc();
    FrameworkRecord f = frameworks.get(offer.frameworkId());
    if (f != null) {
      f.events().rescind(offer.id(), why);
    }
    if (recover) {
      allocator.recoverResources(offer.frameworkId(), offer.agentId(), offer.resources(), Optional.empty());
      wantAllocation();
    }
  }

  /**
   * Records a task's new status and, when the task ended, releases what it held. Forwards the
   * status to the framework when {@code forward}.
   */
  void recordStatus(TaskRecord task, TaskStatus status, boolean forward) {
    boolean moved = task.apply(status);
    if (moved) {
      persist(task);
      metrics.taskEntered(status.state());
      if (status.state().isTerminal()) {
        release(task);
      }
    }
    FrameworkRecord f = frameworks.get(task.frameworkId());
    if (forward && f != null) {
      f.events().update(status);
    }
  }

  private void release(TaskRecord task) {
    AgentRecord a = agents.get(task.spec().agentId());
    boolean onAgent = a != null && a.tasks().remove(task.key()) != null;
    FrameworkRecord f = frameworks.get(task.frameworkId());
    boolean ofFramework = f != null && f.tasks().remove(task.spec().taskId()) != null;
    completed.put(task.key(), task);
    if (onAgent && ofFramework && !a.awaitingReregistration()) {
      allocator.recoverResources(task.frameworkId(), a.id(), task.spec().resources(), Optional.empty());
      wantAllocation();
    }
  }

  /** What tasks hold on {@code agent}, by framework (for the allocator). */
  Map<FrameworkId, Resources> usedByFramework(AgentRecord agent) {
    Map<FrameworkId, Resources> used = new TreeMap<>();
    for (TaskRecord t : agent.tasks().values()) {
      used.merge(t.frameworkId(), t.spec().resources(), Resources::plus);
    }
    return used;
  }

  /** A task the master knows, live or recently ended, of any framework. */
  Optional<TaskRecord> findTask(FrameworkId framework, TaskId task) {
    FrameworkRecord f = frameworks.get(framework);
    if (f != null && f.tasks().containsKey(task)) {
      return Optional.of(f.tasks().get(task));
    }
    return Optional.ofNullable(completed.get(new TaskKey(framework, task)));
  }

  /** A status the master itself reports (nothing to acknowledge). */
  TaskStatus masterStatus(TaskRecord t, io.meseta.core.task.TaskState state, String reason, String message) {
    return new TaskStatus(t.spec().taskId(), t.frameworkId(), t.spec().agentId(), state, reason, message,
        java.util.OptionalInt.empty(), clock.millis(), Optional.empty());
  }
}
