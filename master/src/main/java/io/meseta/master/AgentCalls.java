package io.meseta.master;

import io.meseta.core.allocation.AgentProfile;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.offers.Offer;
import io.meseta.core.task.StatusReasons;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import io.meseta.master.CallRejected.Reason;
import io.meseta.master.registry.AgentRecord;
import io.meseta.master.registry.FrameworkRecord;
import io.meseta.master.registry.TaskKey;
import io.meseta.master.registry.TaskRecord;
import io.meseta.master.registry.UsageSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What agents ask of the master: register, heartbeat, report task status. Loop thread only. */
final class AgentCalls {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCalls.class);

  private final MasterState s;

  AgentCalls(MasterState state) {
    this.s = state;
  }

  AgentId register(AgentRegistration reg) {
    if (reg.agentId().isPresent()) {
      AgentId id = reg.agentId().get();
      if (s.removedAgents.contains(id)) {
        throw new CallRejected(Reason.AGENT_REMOVED, "agent " + id
            + " was removed from the cluster; register as a new agent");
      }
      AgentRecord known = s.agents.get(id);
      if (known != null && known.awaitingReregistration()) {
        return reregisterRecovered(known, reg);
      }
      if (known != null) {
        return reregister(known, reg);
      }
      return add(id, reg);
    }
    return add(s.nextAgentId(), reg);
  }

  private AgentId add(AgentId id, AgentRegistration reg) {
    AgentRecord a = new AgentRecord(id, reg.hostname(), reg.port(), reg.total(), reg.attributes(), s.clock.millis());
    a.httpPort(reg.httpPort());
    for (AgentRegistration.ReportedTask rt : reg.runningTasks()) {
      adopt(a, rt);
    }
    s.allocator.addAgent(id, AgentProfile.of(reg.hostname(), reg.attributes()), reg.total(), s.usedByFramework(a));
    s.agents.put(id, a);
    s.persist(a);
    s.metrics.agentsRegistered.inc();
    s.wantAllocation();
    LOG.info("agent {} registered from {}:{} with {}", id, reg.hostname(), reg.port(), reg.total());
    return id;
  }

  /** Takes on a task an agent reports that this master did not know; false if it cannot. */
  private boolean adopt(AgentRecord a, AgentRegistration.ReportedTask rt) {
    FrameworkRecord f = s.frameworks.get(rt.frameworkId());
    if (f == null || s.findTask(rt.frameworkId(), rt.spec().taskId()).isPresent()
        || !rt.spec().agentId().equals(a.id()) || rt.state().isTerminal()) {
      LOG.warn("agent {} reports task {} of framework {} that this master cannot adopt", a.id(),
          rt.spec().taskId(), rt.frameworkId());
      return false;
    }
    TaskRecord t = new TaskRecord(rt.spec(), rt.frameworkId());
    t.apply(reported(a.id(), rt));
    a.tasks().put(t.key(), t);
    f.tasks().put(t.spec().taskId(), t);
    s.persist(t);
    return true;
  }

  private TaskStatus reported(AgentId agent, AgentRegistration.ReportedTask rt) {
    return new TaskStatus(rt.spec().taskId(), rt.frameworkId(), agent, rt.state(), "", "", OptionalInt.empty(),
        s.clock.millis(), Optional.empty());
  }

  /**
   * An agent the registry knew re-registers with a new leader. Its tasks are what it reports:
   * known ones take the reported state, unknown ones are adopted, and those it no longer runs are
   * lost (launches of the old leader that never arrived included). Only now is it offered again.
   */
  private AgentId reregisterRecovered(AgentRecord old, AgentRegistration reg) {
    AgentRecord a = new AgentRecord(old.id(), reg.hostname(), reg.port(), reg.total(), reg.attributes(),
        s.clock.millis());
    a.httpPort(reg.httpPort());
    a.tasks().putAll(old.tasks());
    a.awaitReregistration(old.reregisterDeadlineMillis()); // until the allocator knows it: nothing to recover yet
    s.agents.put(a.id(), a);
    List<TaskKey> reported = new ArrayList<>();
    for (AgentRegistration.ReportedTask rt : reg.runningTasks()) {
      TaskKey key = new TaskKey(rt.frameworkId(), rt.spec().taskId());
      reported.add(key);
      TaskRecord t = a.tasks().get(key);
      if (t == null) {
        adopt(a, rt);
      } else if (!rt.state().isTerminal() && t.state().canMoveTo(rt.state())) {
        s.recordStatus(t, reported(a.id(), rt), false);
      }
    }
    for (TaskRecord t : new ArrayList<>(a.tasks().values())) {
      if (!reported.contains(t.key())) {
        s.recordStatus(t, s.masterStatus(t, TaskState.LOST, StatusReasons.AGENT_REMOVED,
            "agent " + a.id() + " re-registered with the new leading master without this task"), true);
      }
    }
    a.reregistered(s.clock.millis());
    s.allocator.addAgent(a.id(), AgentProfile.of(reg.hostname(), reg.attributes()), reg.total(),
        s.usedByFramework(a));
    s.persist(a);
    s.metrics.recoveredAgentsReregistered.inc();
    s.wantAllocation();
    LOG.info("recovered agent {} re-registered from {}:{} with {} running tasks", a.id(), reg.hostname(), reg.port(),
        a.tasks().size());
    return a.id();
  }

  private AgentId reregister(AgentRecord a, AgentRegistration reg) {
    if (!a.hostname().equals(reg.hostname()) || a.port() != reg.port()) {
      a.moved(reg.hostname(), reg.port());
      s.persist(a);
    }
    a.heartbeat(s.clock.millis());
    a.httpPort(reg.httpPort());
    List<TaskKey> reported = new ArrayList<>();
    for (AgentRegistration.ReportedTask rt : reg.runningTasks()) {
      reported.add(new TaskKey(rt.frameworkId(), rt.spec().taskId()));
    }
    for (TaskRecord t : new ArrayList<>(a.tasks().values())) {
      if (!reported.contains(t.key()) && t.state() != TaskState.STAGING) {
        s.recordStatus(t, s.masterStatus(t, TaskState.LOST, StatusReasons.AGENT_REMOVED,
            "the agent re-registered without this task"), true);
      }
    }
    LOG.info("agent {} re-registered from {}:{}", a.id(), reg.hostname(), reg.port());
    return a.id();
  }

  /**
   * Notes the agent alive and keeps the usage it reports for the tasks it runs. A report for a
   * task the master does not have on that agent (it just ended, or was lost) is skipped.
   */
  void heartbeat(AgentId id, Map<TaskKey, UsageSample> usage) {
    AgentRecord a = known(id);
    a.heartbeat(s.clock.millis());
    int skipped = 0;
    for (Map.Entry<TaskKey, UsageSample> e : usage.entrySet()) {
      TaskRecord t = a.tasks().get(e.getKey());
      if (t == null) {
        skipped++;
      } else {
        t.recordUsage(e.getValue());
      }
    }
    if (skipped > 0) {
      LOG.debug("agent {} reported the usage of {} task(s) it does not run here", id, skipped);
    }
    s.metrics.usageReports.inc(usage.size() - skipped);
  }

  void statusUpdate(AgentId agentId, FrameworkId frameworkId, TaskStatus status) {
    AgentRecord a = known(agentId);
    if (status.updateId().isEmpty()) {
      throw CallRejected.invalid("status update of task " + status.taskId() + " has no update id");
    }
    TaskStatus full = new TaskStatus(status.taskId(), frameworkId, agentId, status.state(), status.reason(),
        status.message(), status.exitCode(), status.timestampMillis(), status.updateId());
    FrameworkRecord f = s.frameworks.get(frameworkId);
    if (f == null) {
      // Nobody will acknowledge it: acknowledge on the framework's behalf so the agent stops retrying.
      s.gateway.acknowledge(s.endpoint(a), frameworkId, status.taskId(), status.updateId().get());
      return;
    }
    Optional<TaskRecord> task = s.findTask(frameworkId, status.taskId());
    if (task.isPresent()) {
      TaskRecord t = task.get();
      String updateId = status.updateId().get();
      if (t.alreadyForwarded(updateId)) {
        // A resend: the framework has it queued already (once per update in a term). If it did
        // acknowledge, that acknowledgement was lost on the way to the agent: repeat it.
        if (t.forwardedAcknowledged()) {
          s.gateway.acknowledge(s.endpoint(a), frameworkId, status.taskId(), updateId);
        }
        return;
      }
      s.recordStatus(t, full, true);
      t.forwarded(updateId);
    } else {
      f.events().update(full);
    }
  }

  /**
   * Removes agents that stopped heartbeating, and recovered agents that did not re-register in
   * time after a failover.
   */
  void checkHeartbeats() {
    long limit = s.config.agentTimeout().toMillis();
    long now = s.clock.millis();
    for (AgentRecord a : new ArrayList<>(s.agents.values())) {
      if (a.awaitingReregistration()) {
        if (now >= a.reregisterDeadlineMillis()) {
          s.metrics.recoveredAgentsExpired.inc();
          remove(a, "agent " + a.id() + " (" + a.hostname() + ") did not re-register within "
              + s.config.agentReregisterTimeout() + " after the master failed over");
        }
        continue;
      }
      long silent = now - a.lastHeartbeatMillis();
      if (silent > limit) {
        remove(a, "agent " + a.id() + " (" + a.hostname() + ") missed its heartbeats for " + silent + " ms");
      }
    }
  }

  void remove(AgentRecord a, String why) {
    LOG.warn("removing agent {}: {}", a.id(), why);
    s.agents.remove(a.id());
    s.removedAgents.add(a.id());
    s.journal.removeAgent(a.id());
    s.gateway.forget(a.id());
    for (Offer o : s.offers.forAgent(a.id())) {
      s.rescind(o, why, false);
    }
    s.allocator.removeAgent(a.id());
    for (TaskRecord t : new ArrayList<>(a.tasks().values())) {
      s.recordStatus(t, s.masterStatus(t, TaskState.LOST, StatusReasons.AGENT_REMOVED, why), true);
    }
    a.tasks().clear();
    for (FrameworkRecord f : s.frameworks.values()) {
      f.events().agentLost(a.id(), why);
    }
    s.metrics.agentsLost.inc();
  }

  /** Launches that never reached their agent: their tasks are lost. */
  void launchFailed(AgentId agentId, FrameworkId frameworkId, List<TaskId> tasks, String why) {
    FrameworkRecord f = s.frameworks.get(frameworkId);
    if (f == null) {
      return;
    }
    for (TaskId id : tasks) {
      TaskRecord t = f.tasks().get(id);
      if (t != null && t.state() == TaskState.STAGING) {
        s.recordStatus(t, s.masterStatus(t, TaskState.LOST, StatusReasons.AGENT_UNREACHABLE,
            "could not reach agent " + agentId + ": " + why), true);
      }
    }
  }

  private AgentRecord known(AgentId id) {
    AgentRecord a = s.agents.get(id);
    if (a != null && a.awaitingReregistration()) {
      throw new CallRejected(Reason.UNKNOWN_AGENT, "agent " + id
          + " must re-register with its running tasks: this master took over as leader");
    }
    if (a == null) {
      if (s.removedAgents.contains(id)) {
        throw new CallRejected(Reason.AGENT_REMOVED, "agent " + id + " was removed from the cluster");
      }
      throw new CallRejected(Reason.UNKNOWN_AGENT, "unknown agent " + id);
    }
    return a;
  }
}
