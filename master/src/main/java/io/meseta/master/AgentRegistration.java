package io.meseta.master;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An agent's registration: a new agent has no id; one that re-registers names its id and the
 * tasks it still runs. {@code httpPort} is the agent's HTTP port, if it serves one.
 */
public record AgentRegistration(
    Optional<AgentId> agentId,
    String hostname,
    int port,
    Resources total,
    SortedMap<String, String> attributes,
    List<ReportedTask> runningTasks,
    OptionalInt httpPort) {

  /** A task an agent says it runs. */
  public record ReportedTask(FrameworkId frameworkId, TaskSpec spec, TaskState state) {}

  /** @throws IllegalArgumentException naming the bad field */
  public AgentRegistration {
    Objects.requireNonNull(agentId, "agentId");
    if (hostname == null || hostname.isBlank()) {
      throw new IllegalArgumentException("agent hostname must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("agent port must be between 1 and 65535, got " + port);
    }
    Objects.requireNonNull(total, "total");
    if (total.isEmpty()) {
      throw new IllegalArgumentException("agent offers no resources");
    }
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    runningTasks = List.copyOf(runningTasks);
    Objects.requireNonNull(httpPort, "httpPort");
    if (httpPort.isPresent() && (httpPort.getAsInt() < 1 || httpPort.getAsInt() > 65535)) {
      throw new IllegalArgumentException("agent HTTP port must be between 1 and 65535, got " + httpPort.getAsInt());
    }
  }

  /** A registration of an agent that serves no HTTP. */
  public AgentRegistration(Optional<AgentId> agentId, String hostname, int port, Resources total,
      SortedMap<String, String> attributes, List<ReportedTask> runningTasks) {
    this(agentId, hostname, port, total, attributes, runningTasks, OptionalInt.empty());
  }
}
