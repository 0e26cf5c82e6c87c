package io.meseta.master;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskSpec;
import io.meseta.master.agents.AgentGateway;
import io.meseta.master.registry.FrameworkDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A fake agent peer for component tests: it records what the master asked of agents. */
final class RecordingGateway implements AgentGateway {
  record Launch(AgentId agent, FrameworkId framework, List<TaskSpec> tasks) {}

  record Kill(AgentId agent, FrameworkId framework, TaskId task) {}

  record Ack(AgentId agent, FrameworkId framework, TaskId task, String updateId) {}

  final List<Launch> launches = new ArrayList<>();
  final List<Kill> kills = new ArrayList<>();
  final List<Ack> acks = new ArrayList<>();
  final List<FrameworkId> shutdowns = new ArrayList<>();
  final List<AgentId> forgotten = new ArrayList<>();

  @Override
  public void launch(Endpoint agent, FrameworkId frameworkId, FrameworkDescriptor framework, List<TaskSpec> tasks) {
    launches.add(new Launch(agent.agentId(), frameworkId, List.copyOf(tasks)));
  }

  @Override
  public void kill(Endpoint agent, FrameworkId frameworkId, TaskId taskId, Optional<Duration> gracePeriod) {
    kills.add(new Kill(agent.agentId(), frameworkId, taskId));
  }

  @Override
  public void acknowledge(Endpoint agent, FrameworkId frameworkId, TaskId taskId, String updateId) {
    acks.add(new Ack(agent.agentId(), frameworkId, taskId, updateId));
  }

  @Override
  public void shutdownFramework(Endpoint agent, FrameworkId frameworkId) {
    shutdowns.add(frameworkId);
  }

  @Override
  public void forget(AgentId agentId) {
    forgotten.add(agentId);
  }

  @Override
  public void close() {}
}
