package io.meseta.master.durable;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.master.registry.TaskKey;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** A registry held in memory, changed batch by batch: the state behind the file and memory stores. */
final class RegistryImage {
  private RegistryMeta meta = RegistryMeta.EMPTY;
  private final SortedMap<AgentId, StoredAgent> agents = new TreeMap<>();
  private final SortedMap<FrameworkId, StoredFramework> frameworks = new TreeMap<>();
  private final SortedMap<TaskKey, StoredTask> tasks = new TreeMap<>();
  private final SortedSet<AgentId> removedAgents = new TreeSet<>();
  private final SortedSet<FrameworkId> removedFrameworks = new TreeSet<>();

  RegistryImage() {}

  RegistryImage(RegistryContents c) {
    meta = c.meta();
    agents.putAll(c.agents());
    frameworks.putAll(c.frameworks());
    tasks.putAll(c.tasks());
    removedAgents.addAll(c.removedAgents());
    removedFrameworks.addAll(c.removedFrameworks());
  }

  void apply(RegistryChange change) {
    change.meta().ifPresent(m -> meta = m);
    change.agents().forEach((id, a) -> a.ifPresentOrElse(v -> agents.put(id, v), () -> agents.remove(id)));
    change.frameworks().forEach((id, f) -> f.ifPresentOrElse(v -> frameworks.put(id, v), () -> frameworks.remove(id)));
    change.tasks().forEach((key, t) -> t.ifPresentOrElse(v -> tasks.put(key, v), () -> tasks.remove(key)));
    removedAgents.addAll(change.removedAgents());
    removedFrameworks.addAll(change.removedFrameworks());
  }

  RegistryContents contents() {
    return new RegistryContents(meta, agents, frameworks, tasks, removedAgents, removedFrameworks);
  }
}
