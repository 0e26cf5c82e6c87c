package io.meseta.master.agents;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskSpec;
import io.meseta.master.events.Outbox;
import io.meseta.master.registry.FrameworkDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sends calls to agents through an {@link Outbox}, so that (for example) a launch leaves only
 * once the task it launches is in the registry.
 */
public final class OutboxGateway implements AgentGateway {
  private final AgentGateway delegate;
  private final Outbox outbox;

  public OutboxGateway(AgentGateway delegate, Outbox outbox) {
    this.delegate = delegate;
    this.outbox = outbox;
  }

  @Override
  public void launch(Endpoint agent, FrameworkId frameworkId, FrameworkDescriptor framework, List<TaskSpec> tasks) {
    List<TaskSpec> copy = List.copyOf(tasks);
    outbox.send(() -> delegate.launch(agent, frameworkId, framework, copy));
  }

  @Override
  public void kill(Endpoint agent, FrameworkId frameworkId, TaskId taskId, Optional<Duration> gracePeriod) {
    outbox.send(() -> delegate.kill(agent, frameworkId, taskId, gracePeriod));
  }

  @Override
  public void acknowledge(Endpoint agent, FrameworkId frameworkId, TaskId taskId, String updateId) {
    outbox.send(() -> delegate.acknowledge(agent, frameworkId, taskId, updateId));
  }

  @Override
  public void shutdownFramework(Endpoint agent, FrameworkId frameworkId) {
    outbox.send(() -> delegate.shutdownFramework(agent, frameworkId));
  }

  @Override
  public void forget(AgentId agentId) {
    outbox.send(() -> delegate.forget(agentId));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
