package io.meseta.master.rpc;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.task.TaskStatus;
import io.meseta.master.AgentRegistration;
import io.meseta.master.MasterConfig;
import io.meseta.master.registry.TaskKey;
import io.meseta.master.registry.UsageSample;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.codec.StatusCodec;
import io.meseta.protocol.codec.TaskCodec;
import io.meseta.protocol.thrift.HeartbeatRequest;
import io.meseta.protocol.thrift.HeartbeatResponse;
import io.meseta.protocol.thrift.MasterAgentService;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.RegisterAgentRequest;
import io.meseta.protocol.thrift.RegisterAgentResponse;
import io.meseta.protocol.thrift.RunningTask;
import io.meseta.protocol.thrift.StatusUpdateRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Serves agents: registration, heartbeats (with the usage of their tasks) and status updates. */
public final class MasterAgentHandler implements MasterAgentService.Iface {
  private final MasterConfig config;
  private final LoopCalls calls;

  MasterAgentHandler(MasterConfig config, LoopCalls calls) {
    this.config = config;
    this.calls = calls;
  }

  @Override
  public RegisterAgentResponse registerAgent(RegisterAgentRequest r) throws MesetaError {
    AgentRegistration reg = calls.decode(() -> {
      LoopCalls.required(r, "request");
      List<AgentRegistration.ReportedTask> running = new ArrayList<>();
      if (r.getRunningTasks() != null) {
        for (RunningTask t : r.getRunningTasks()) {
          running.add(new AgentRegistration.ReportedTask(FrameworkId.of(t.getFrameworkId()),
              TaskCodec.fromWire(t.getTask()), StatusCodec.stateFromWire(t.getState())));
        }
      }
      return new AgentRegistration(Optional.ofNullable(r.getAgentId()).map(AgentId::of), r.getHostname(),
          r.getPort(), ResourceCodec.fromWire(r.getResources()), ResourceCodec.attributesFromWire(r.getAttributes()),
          running, r.isSetHttpPort() ? OptionalInt.of(r.getHttpPort()) : OptionalInt.empty());
    });
    long interval = config.agentPingInterval().toMillis();
    return calls.call("registerAgent", m -> new RegisterAgentResponse(m.registerAgent(reg).value(), m.masterId(),
        interval));
  }

  @Override
  public HeartbeatResponse heartbeat(HeartbeatRequest r) throws MesetaError {
    AgentId id = calls.decode(() -> AgentId.of(LoopCalls.required(r, "request").getAgentId()));
    Map<TaskKey, UsageSample> usage = calls.decode(() -> UsageCodec.fromWire(r.getUsage()));
    return calls.call("heartbeat", m -> {
      m.agentHeartbeat(id, usage);
      return new HeartbeatResponse(m.masterId());
    });
  }

  @Override
  public void statusUpdate(StatusUpdateRequest r) throws MesetaError {
    AgentId agent = calls.decode(() -> AgentId.of(LoopCalls.required(r, "request").getAgentId()));
    FrameworkId framework = calls.decode(() -> FrameworkId.of(r.getFrameworkId()));
    TaskStatus status = calls.decode(() -> StatusCodec.fromWire(r.getStatus()));
    calls.run("statusUpdate", m -> m.statusUpdate(agent, framework, status));
  }
}
