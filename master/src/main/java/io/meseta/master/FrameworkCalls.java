package io.meseta.master;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.offers.Offer;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.StatusReasons;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.master.CallRejected.Reason;
import io.meseta.master.events.EventQueue;
import io.meseta.master.registry.AgentRecord;
import io.meseta.master.registry.FrameworkDescriptor;
import io.meseta.master.registry.FrameworkRecord;
import io.meseta.master.registry.TaskRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What frameworks ask of the master. Each call checks everything before it changes anything, so
 * a refused call ({@link CallRejected}) leaves the state as it was. Loop thread only.
 */
final class FrameworkCalls {
  private static final Logger LOG = LoggerFactory.getLogger(FrameworkCalls.class);

  private final MasterState s;
  private final Map<FrameworkId, EventQueue> mailboxes;

  FrameworkCalls(MasterState state, Map<FrameworkId, EventQueue> mailboxes) {
    this.s = state;
    this.mailboxes = mailboxes;
  }

  FrameworkId register(FrameworkDescriptor d, Optional<FrameworkId> requested) {
    if (requested.isPresent()) {
      FrameworkId id = requested.get();
      if (s.removedFrameworks.contains(id)) {
        throw new CallRejected(Reason.UNKNOWN_FRAMEWORK, "framework " + id + " was removed; register anew");
      }
      FrameworkRecord known = s.frameworks.get(id);
      if (known != null) {
        if (!known.descriptor().role().equals(d.role())) {
          throw CallRejected.invalid("framework " + id + " cannot change its role from '"
              + known.descriptor().role() + "' to '" + d.role() + "'");
        }
        known.redescribe(d);
        s.persist(known);
        if (known.awaitingReregistration()) {
          s.metrics.recoveredFrameworksReregistered.inc();
        }
        mailboxes.put(id, known.events());
        known.events().touch();
        // The new client may not have the updates the old one received but did not acknowledge:
        // let the agents' resends through again.
        known.tasks().values().forEach(TaskRecord::forgetForwarded);
        s.completed.values().stream().filter(t -> t.frameworkId().equals(id)).forEach(TaskRecord::forgetForwarded);
        // Offers made to the old client died with it: take them back, or their agents' resources
        // stay offered to nobody (without offer_timeout, for ever).
        for (Offer o : s.offers.forFramework(id)) {
          s.rescind(o, "framework " + id + " re-registered", true);
        }
        reconnect(known);
        LOG.info("framework {} ({}) re-registered", id, d.name());
        return id;
      }
      return add(id, d);
    }
    return add(s.nextFrameworkId(), d);
  }

  private FrameworkId add(FrameworkId id, FrameworkDescriptor d) {
    EventQueue events = s.newEventQueue();
    s.allocator.addFramework(id, d.role());
    FrameworkRecord f = new FrameworkRecord(id, d, events, s.clock.millis());
    s.frameworks.put(id, f);
    s.persist(f);
    mailboxes.put(id, events);
    s.wantAllocation();
    LOG.info("framework {} ({}) registered: user {}, role {}", id, d.name(), d.user(), d.role());
    return id;
  }

  private void reconnect(FrameworkRecord f) {
    if (!f.active()) {
      f.connected();
      s.allocator.activateFramework(f.id());
      s.wantAllocation();
    }
  }

  void accept(FrameworkId fid, List<OfferId> offerIds, List<TaskSpec> tasks, Optional<Duration> refuse) {
    FrameworkRecord f = s.framework(fid);
    List<Offer> offers = outstanding(fid, offerIds);
    AgentId agentId = offers.get(0).agentId();
    for (Offer o : offers) {
      if (!o.agentId().equals(agentId)) {
        throw CallRejected.invalid("offers " + offers.get(0).id() + " and " + o.id()
            + " are on different agents (" + agentId + ", " + o.agentId() + "); accept offers of one agent at a time");
      }
    }
    AgentRecord agent = s.agents.get(agentId);
    Resources offered = Resources.EMPTY;
    for (Offer o : offers) {
      offered = offered.plus(o.resources());
    }
    Resources needed = checkTasks(f, agentId, tasks);
    if (!offered.contains(needed)) {
      throw new CallRejected(Reason.INSUFFICIENT_RESOURCES, "the tasks need " + needed
          + " but the offers hold " + offered);
    }
    for (Offer o : offers) {
      s.offers.remove(o.id());
    }
    for (TaskSpec spec : tasks) {
      TaskRecord t = new TaskRecord(spec, fid);
      f.tasks().put(spec.taskId(), t);
      agent.tasks().put(t.key(), t);
      s.persist(t);
      s.metrics.taskEntered(TaskState.STAGING);
    }
    s.metrics.offersAccepted.inc(offers.size());
    Resources unused = offered.minus(needed);
    if (!unused.isEmpty()) {
      s.allocator.recoverResources(fid, agentId, unused, Optional.of(refuse.orElse(s.config.defaultRefuse())));
    }
    if (!tasks.isEmpty()) {
      s.allocator.launched(fid, agentId, tasks.size());
      s.gateway.launch(s.endpoint(agent), fid, f.descriptor(), tasks);
    }
    s.wantAllocation();
  }

  /** Checks the tasks of one accept and returns what they need together. */
  private Resources checkTasks(FrameworkRecord f, AgentId agentId, List<TaskSpec> tasks) {
    Set<TaskId> seen = new HashSet<>();
    Resources needed = Resources.EMPTY;
    for (TaskSpec t : tasks) {
      if (!seen.add(t.taskId()) || s.findTask(f.id(), t.taskId()).isPresent()) {
        throw new CallRejected(Reason.DUPLICATE_TASK, "task id " + t.taskId() + " is already used by framework " + f.id());
      }
      if (!t.agentId().equals(agentId)) {
        throw CallRejected.invalid("task " + t.taskId() + " names agent " + t.agentId()
            + " but the offers are on agent " + agentId);
      }
      if (!(t.resources().cpus() > 0)) {
        throw CallRejected.invalid("task " + t.taskId() + " asks for no cpus: every task needs cpus > 0");
      }
      needed = needed.plus(t.resources());
    }
    return needed;
  }

  /** The named offers, all outstanding for this framework, or a refusal naming the first that is not. */
  private List<Offer> outstanding(FrameworkId fid, List<OfferId> offerIds) {
    if (offerIds.isEmpty()) {
      throw CallRejected.invalid("no offer ids given");
    }
    Set<OfferId> seen = new TreeSet<>();
    List<Offer> out = new ArrayList<>();
    for (OfferId id : offerIds) {
      if (!seen.add(id)) {
        throw CallRejected.invalid("offer " + id + " is named twice");
      }
      Optional<Offer> o = s.offers.get(id).filter(x -> x.frameworkId().equals(fid));
      if (o.isEmpty()) {
        throw new CallRejected(Reason.UNKNOWN_OFFER, "offer " + id + " is not outstanding for framework " + fid
            + ": it is unknown, already used, rescinded or expired");
      }
      out.add(o.get());
    }
    return out;
  }

  void decline(FrameworkId fid, List<OfferId> offerIds, Optional<Duration> refuse) {
    s.framework(fid);
    List<Offer> offers = outstanding(fid, offerIds);
    Duration filter = refuse.orElse(s.config.defaultRefuse());
    for (Offer o : offers) {
      s.offers.remove(o.id());
      s.allocator.recoverResources(fid, o.agentId(), o.resources(),
          filter.isZero() ? Optional.empty() : Optional.of(filter));
    }
    s.metrics.offersDeclined.inc(offers.size());
    s.wantAllocation();
  }

  void revive(FrameworkId fid) {
    FrameworkRecord f = s.framework(fid);
    f.suppressed(false);
    s.allocator.revive(fid);
    s.wantAllocation();
  }

  void suppress(FrameworkId fid) {
    FrameworkRecord f = s.framework(fid);
    f.suppressed(true);
    s.allocator.suppress(fid);
  }

  void kill(FrameworkId fid, TaskId taskId, Optional<Duration> grace) {
    FrameworkRecord f = s.framework(fid);
    TaskRecord t = f.tasks().get(taskId);
    if (t == null) {
      Optional<TaskRecord> done = s.findTask(fid, taskId);
      if (done.isPresent()) {
        done.get().latest().ifPresent(st -> f.events().update(st.withoutUpdateId()));
        return;
      }
      throw new CallRejected(Reason.UNKNOWN_TASK, "framework " + fid + " has no task " + taskId);
    }
    AgentRecord a = s.agents.get(t.spec().agentId());
    s.gateway.kill(s.endpoint(a), fid, taskId, grace);
  }

  void acknowledge(FrameworkId fid, AgentId agentId, TaskId taskId, String updateId) {
    s.framework(fid);
    if (updateId == null || updateId.isBlank()) {
      throw CallRejected.invalid("acknowledgement of task " + taskId + " has no update id");
    }
    AgentRecord a = s.agents.get(agentId);
    if (a == null) {
      if (s.removedAgents.contains(agentId)) {
        return; // the agent is gone and its tasks were reported lost; nothing left to acknowledge
      }
      throw new CallRejected(Reason.UNKNOWN_AGENT, "unknown agent " + agentId);
    }
    s.findTask(fid, taskId).ifPresent(t -> t.acknowledged(updateId));
    s.gateway.acknowledge(s.endpoint(a), fid, taskId, updateId);
  }

  /** Answers with the latest state of the named tasks, or of all live tasks when none is named. */
  void reconcile(FrameworkId fid, List<TaskId> tasks) {
    FrameworkRecord f = s.framework(fid);
    List<TaskRecord> answer = new ArrayList<>();
    List<TaskId> unknown = new ArrayList<>();
    if (tasks.isEmpty()) {
      answer.addAll(f.tasks().values());
    } else {
      for (TaskId id : tasks) {
        s.findTask(fid, id).ifPresentOrElse(answer::add, () -> unknown.add(id));
      }
    }
    for (TaskRecord t : answer) {
      String message = t.latest().map(st -> st.message()).orElse("");
      var st = s.masterStatus(t, t.state(), StatusReasons.RECONCILIATION, message);
      f.events().update(st);
    }
    for (TaskId id : unknown) {
      f.events().update(new io.meseta.core.task.TaskStatus(id, fid, null, TaskState.LOST, StatusReasons.UNKNOWN_TASK,
          "the master does not know task " + id, java.util.OptionalInt.empty(), s.clock.millis(), Optional.empty()));
    }
  }

  /** Replaces the framework's locality wishes; they are not persisted (a framework states them again). */
  void setLocality(FrameworkId fid, io.meseta.core.allocation.LocalityWants wants,
      Optional<io.meseta.core.allocation.LocalityWaits> waits) {
    s.framework(fid);
    s.allocator.setLocality(fid, wants, waits);
    s.wantAllocation();
  }

  void teardown(FrameworkId fid) {
    remove(s.framework(fid), "torn down by the framework");
  }

  /**
   * Marks silent frameworks disconnected, and removes those past their failover timeout. A
   * framework recovered from the registry stays disconnected until it re-registers.
   */
  void checkConnections() {
    long silence = s.config.frameworkTimeout().toMillis();
    for (FrameworkRecord f : new ArrayList<>(s.frameworks.values())) {
      if (f.awaitingReregistration()) {
        if (s.clock.millis() >= f.failoverDeadlineMillis()) {
          remove(f, "framework did not re-register with the new leading master within "
              + s.config.frameworkTimeout().plus(f.descriptor().failoverTimeout())
              + " (framework timeout plus its failover timeout)");
        }
        continue;
      }
      boolean silent = f.events().silentFor(silence);
      if (f.active() && silent) {
        LOG.warn("framework {} has not polled for {} ms: disconnected", f.id(), silence);
        f.disconnected(s.clock.millis());
        s.allocator.deactivateFramework(f.id());
        for (Offer o : s.offers.forFramework(f.id())) {
          s.rescind(o, "framework disconnected", true);
        }
      } else if (!f.active() && !silent) {
        reconnect(f);
      } else if (!f.active() && s.clock.millis() >= f.failoverDeadlineMillis()) {
        remove(f, "framework did not reconnect within its failover timeout of " + f.descriptor().failoverTimeout());
      }
    }
  }

  void remove(FrameworkRecord f, String why) {
    LOG.info("removing framework {}: {}", f.id(), why);
    s.frameworks.remove(f.id());
    s.removedFrameworks.add(f.id());
    s.journal.removeFramework(f.id());
    mailboxes.remove(f.id());
    for (Offer o : s.offers.forFramework(f.id())) {
      s.offers.remove(o.id());
    }
    Set<AgentId> hosts = new TreeSet<>();
    for (TaskRecord t : new ArrayList<>(f.tasks().values())) {
      hosts.add(t.spec().agentId());
      s.recordStatus(t, s.masterStatus(t, TaskState.KILLED, StatusReasons.FRAMEWORK_REMOVED, why), false);
    }
    f.tasks().clear();
    for (AgentId id : hosts) {
      AgentRecord a = s.agents.get(id);
      if (a != null) {
        s.gateway.shutdownFramework(s.endpoint(a), f.id());
      }
    }
    s.allocator.removeFramework(f.id());
    f.events().error("framework " + f.id() + " removed: " + why);
    f.events().close();
    s.metrics.frameworksRemoved.inc();
    s.wantAllocation();
  }
}
