package io.meseta.master.rpc;

import io.meseta.master.MasterSnapshot;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.codec.StatusCodec;
import io.meseta.protocol.thrift.AgentSummary;
import io.meseta.protocol.thrift.ClusterStateRequest;
import io.meseta.protocol.thrift.ClusterStateResponse;
import io.meseta.protocol.thrift.FrameworkSummary;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.OperatorService;
import io.meseta.protocol.thrift.TaskSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Serves operators: the state of the cluster (also served as JSON on the master's HTTP port). */
public final class OperatorHandler implements OperatorService.Iface {
  private final LoopCalls calls;
  private final Supplier<String> leader;

  OperatorHandler(LoopCalls calls, Supplier<String> leader) {
    this.calls = calls;
    this.leader = leader;
  }

  @Override
  public ClusterStateResponse getState(ClusterStateRequest request) throws MesetaError {
    boolean completed = request != null && request.isIncludeCompletedTasks();
    MasterSnapshot s = calls.call("getState", m -> m.snapshot(completed));
    List<AgentSummary> agents = new ArrayList<>();
    for (MasterSnapshot.AgentView a : s.agents()) {
      agents.add(new AgentSummary(a.id().value(), a.hostname(), a.port(), ResourceCodec.toWire(a.total()),
          ResourceCodec.toWire(a.used()), ResourceCodec.toWire(a.offered()),
          ResourceCodec.attributesToWire(a.attributes()), a.active(), a.registeredAtMillis()));
      a.httpPort().ifPresent(agents.get(agents.size() - 1)::setHttpPort);
    }
    List<FrameworkSummary> frameworks = new ArrayList<>();
    for (MasterSnapshot.FrameworkView f : s.frameworks()) {
      frameworks.add(new FrameworkSummary(f.id().value(), f.name(), f.user(), f.role(), f.active(), f.suppressed(),
          ResourceCodec.toWire(f.allocated()), f.dominantShare(), f.outstandingOffers()));
    }
    List<TaskSummary> tasks = new ArrayList<>();
    for (MasterSnapshot.TaskView t : s.tasks()) {
      TaskSummary ts = new TaskSummary(t.id().value(), t.name(), t.frameworkId().value(), t.agentId().value(),
          StatusCodec.stateToWire(t.state()), ResourceCodec.toWire(t.resources()));
      if (!t.reason().isEmpty()) {
        ts.setReason(t.reason());
      }
      if (!t.message().isEmpty()) {
        ts.setMessage(t.message());
      }
      t.exitCode().ifPresent(ts::setExitCode);
      t.usage().ifPresent(u -> ts.setUsage(UsageCodec.toWire(u)));
      tasks.add(ts);
    }
    return new ClusterStateResponse(s.masterId(), leader.get(), s.startedAtMillis(), agents, frameworks, tasks,
        ResourceCodec.toWire(s.total()));
  }
}
