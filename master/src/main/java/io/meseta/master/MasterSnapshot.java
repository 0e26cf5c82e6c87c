package io.meseta.master;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.TaskState;
import io.meseta.master.registry.UsageSample;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;

/** A consistent picture of the cluster, taken on the master's loop, for operators. */
public record MasterSnapshot(
    String masterId,
    long startedAtMillis,
    Resources total,
    List<AgentView> agents,
    List<FrameworkView> frameworks,
    List<TaskView> tasks) {

  /**
   * @param active   false for an agent recovered from the registry that has not re-registered yet
   * @param httpPort its HTTP port on {@code hostname}, if it serves one
   */
  public record AgentView(AgentId id, String hostname, int port, Resources total, Resources used,
      Resources offered, SortedMap<String, String> attributes, long registeredAtMillis, boolean active,
      OptionalInt httpPort) {}

  public record FrameworkView(FrameworkId id, String name, String user, String role, boolean active,
      boolean suppressed, Resources allocated, double dominantShare, int outstandingOffers) {}

  /** @param usage what its container used at the latest sample its agent sent */
  public record TaskView(TaskId id, String name, FrameworkId frameworkId, AgentId agentId, TaskState state,
      Resources resources, String reason, String message, OptionalInt exitCode, Optional<UsageSample> usage) {}
}
