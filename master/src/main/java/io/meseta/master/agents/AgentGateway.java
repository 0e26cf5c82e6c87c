package io.meseta.master.agents;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskSpec;
import io.meseta.master.registry.FrameworkDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the master talks to agents. Every call returns at once; delivery happens elsewhere, in
 * order per agent. A launch that cannot be delivered is reported to the listener given when the
 * gateway was made, never by an exception here.
 */
public interface AgentGateway extends AutoCloseable {

  /** Where an agent listens. */
  record Endpoint(AgentId agentId, String host, int port) {}

  /** Told about launches that could not reach their agent. */
  interface LaunchFailureListener {
    void launchFailed(AgentId agentId, FrameworkId frameworkId, List<TaskId> tasks, String why);
  }

  void launch(Endpoint agent, FrameworkId frameworkId, FrameworkDescriptor framework, List<TaskSpec> tasks);

  void kill(Endpoint agent, FrameworkId frameworkId, TaskId taskId, Optional<Duration> gracePeriod);

  void acknowledge(Endpoint agent, FrameworkId frameworkId, TaskId taskId, String updateId);

  void shutdownFramework(Endpoint agent, FrameworkId frameworkId);

  /** The agent is gone: drop its connection and anything queued for it. */
  void forget(AgentId agentId);

  @Override
  void close();
}
