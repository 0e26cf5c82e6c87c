package io.meseta.core.task;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.resources.Resources;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** A task as a framework describes it: what to run, where, with which resources. */
public record TaskSpec(
    TaskId taskId,
    String name,
    AgentId agentId,
    Resources resources,
    Command command,
    Map<String, String> labels,
    Optional<Duration> killGracePeriod) {

  public TaskSpec {
    Objects.requireNonNull(taskId, "taskId");
    name = name == null || name.isBlank() ? taskId.value() : name;
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(command, "command");
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    Objects.requireNonNull(killGracePeriod, "killGracePeriod");
    killGracePeriod.ifPresent(d -> {
      if (d.isNegative()) {
        throw new IllegalArgumentException("kill grace period of task " + taskId + " is negative");
      }
    });
  }
}
