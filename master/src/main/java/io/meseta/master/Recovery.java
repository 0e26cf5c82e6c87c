package io.meseta.master;

import io.meseta.core.task.StatusReasons;
import io.meseta.core.task.TaskState;
import io.meseta.master.durable.RegistryContents;
import io.meseta.master.durable.StoredAgent;
import io.meseta.master.durable.StoredFramework;
import io.meseta.master.durable.StoredTask;
import io.meseta.master.registry.AgentRecord;
import io.meseta.master.registry.FrameworkRecord;
import io.meseta.master.registry.TaskRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a master's state from its registry when a leadership term begins:
 *
 * <ul>
 *   <li>agents come back <em>awaiting re-registration</em>: not offered, heartbeats refused so
 *       they re-register with their tasks, removed (tasks LOST) after {@code agentReregisterTimeout};</li>
 *   <li>frameworks come back <em>disconnected</em>: no offers, no event queue to poll until they
 *       re-register with their id; removed (tasks killed) if they have not within the framework
 *       timeout plus their own failover timeout;</li>
 *   <li>live tasks are attached to their agent and framework in their last known state; ended
 *       ones fill the window of completed tasks, so their ids stay taken. Ended tasks whose last
 *       status came from the master itself (nothing for the framework to acknowledge) are queued
 *       for the framework again: the old leader may have failed before the framework polled them.</li>
 * </ul>
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private Recovery() {}

  static void restore(MasterState s, RegistryContents c) {
    long now = s.clock.millis();
    s.removedAgents.addAll(c.removedAgents());
    s.removedFrameworks.addAll(c.removedFrameworks());
    for (StoredFramework sf : c.frameworks().values()) {
      FrameworkRecord f = new FrameworkRecord(sf.id(), sf.descriptor(), s.newEventQueue(), now);
      f.recovered(now + s.config.frameworkTimeout().plus(sf.descriptor().failoverTimeout()).toMillis());
      s.allocator.addFramework(f.id(), sf.descriptor().role());
      s.allocator.deactivateFramework(f.id());
      s.frameworks.put(f.id(), f);
    }
    for (StoredAgent sa : c.agents().values()) {
      AgentRecord a = new AgentRecord(sa.id(), sa.hostname(), sa.port(), sa.total(), sa.attributes(), now);
      a.awaitReregistration(now + s.config.agentReregisterTimeout().toMillis());
      s.agents.put(a.id(), a);
    }
    List<StoredTask> ended = new ArrayList<>();
    List<TaskRecord> orphans = new ArrayList<>();
    int live = 0;
    for (StoredTask st : c.tasks().values()) {
      TaskRecord t = new TaskRecord(st.spec(), st.frameworkId(), st.state(), st.latest());
      if (st.state().isTerminal()) {
        ended.add(st);
        continue;
      }
      FrameworkRecord f = s.frameworks.get(st.frameworkId());
      AgentRecord a = s.agents.get(st.spec().agentId());
      if (f == null) {
        LOG.warn("registry holds live task {} of framework {}, which it does not hold: dropping the task",
            st.spec().taskId(), st.frameworkId());
        s.journal.removeTask(st.key());
        continue;
      }
      f.tasks().put(t.spec().taskId(), t);
      if (a == null) {
        orphans.add(t);
      } else {
        a.tasks().put(t.key(), t);
      }
      live++;
    }
    ended.sort(Comparator.comparingLong(StoredTask::updatedAtMillis).thenComparing(StoredTask::key));
    for (StoredTask st : ended) {
      TaskRecord t = new TaskRecord(st.spec(), st.frameworkId(), st.state(), st.latest());
      s.completed.put(t.key(), t);
      FrameworkRecord f = s.frameworks.get(st.frameworkId());
      if (f != null && st.latest().isPresent() && st.latest().get().updateId().isEmpty()) {
        f.events().update(st.latest().get());
      }
    }
    for (TaskRecord t : orphans) {
      s.recordStatus(t, s.masterStatus(t, TaskState.LOST, StatusReasons.AGENT_REMOVED,
          "agent " + t.spec().agentId() + " is no longer registered"), true);
    }
    s.metrics.recoveredAgents.inc(c.agents().size());
    s.metrics.recoveredFrameworks.inc(c.frameworks().size());
    s.metrics.recoveredTasks.inc(live);
    LOG.info("recovered {} agents, {} frameworks, {} live and {} ended tasks from {}", c.agents().size(),
        c.frameworks().size(), live, ended.size(), s.journal.describe());
  }
}
