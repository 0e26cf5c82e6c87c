package io.meseta.master;

import io.meseta.master.registry.AgentRecord;
import io.meseta.master.registry.FrameworkRecord;
import io.meseta.master.registry.TaskRecord;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link MasterSnapshot}s from the master's state. */
final class Snapshots {
  private Snapshots() {}

  static MasterSnapshot take(MasterState s, long startedAtMillis, boolean includeCompleted) {
    List<MasterSnapshot.AgentView> agents = new ArrayList<>();
    for (AgentRecord a : s.agents.values()) {
      agents.add(new MasterSnapshot.AgentView(a.id(), a.hostname(), a.port(), a.total(), a.used(),
          s.offers.offeredOn(a.id()), a.attributes(), a.registeredAtMillis(), !a.awaitingReregistration(),
          a.httpPort()));
    }
    List<MasterSnapshot.FrameworkView> frameworks = new ArrayList<>();
    List<MasterSnapshot.TaskView> tasks = new ArrayList<>();
    for (FrameworkRecord f : s.frameworks.values()) {
      frameworks.add(new MasterSnapshot.FrameworkView(f.id(), f.descriptor().name(), f.descriptor().user(),
          f.descriptor().role(), f.active(), f.suppressed(), s.allocator.allocated(f.id()),
          s.allocator.dominantShare(f.id()), s.offers.forFramework(f.id()).size()));
      f.tasks().values().forEach(t -> tasks.add(view(t)));
    }
    if (includeCompleted) {
      s.completed.values().forEach(t -> tasks.add(view(t)));
    }
    return new MasterSnapshot(s.masterId, startedAtMillis, s.allocator.clusterTotal(), agents, frameworks, tasks);
  }

  private static MasterSnapshot.TaskView view(TaskRecord t) {
    return new MasterSnapshot.TaskView(t.spec().taskId(), t.spec().name(), t.frameworkId(), t.spec().agentId(),
        t.state(), t.spec().resources(),
        t.latest().map(x -> x.reason()).orElse(""),
        t.latest().map(x -> x.message()).orElse(""),
        t.latest().map(x -> x.exitCode()).orElse(java.util.OptionalInt.empty()), t.usage());
  }
}
