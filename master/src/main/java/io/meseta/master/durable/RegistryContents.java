package io.meseta.master.durable;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.master.registry.TaskKey;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the registry holds, as loaded by a master that starts a term: the id lineage, the
 * registered agents and frameworks, the tasks (live, and recently ended ones), and the ids of
 * agents and frameworks that were removed and must not come back under the same id.
 */
public record RegistryContents(
    RegistryMeta meta,
    SortedMap<AgentId, StoredAgent> agents,
    SortedMap<FrameworkId, StoredFramework> frameworks,
    SortedMap<TaskKey, StoredTask> tasks,
    SortedSet<AgentId> removedAgents,
    SortedSet<FrameworkId> removedFrameworks) {

  public static final RegistryContents EMPTY = new RegistryContents(RegistryMeta.EMPTY, new TreeMap<>(),
      new TreeMap<>(), new TreeMap<>(), new TreeSet<>(), new TreeSet<>());

  public RegistryContents {
    Objects.requireNonNull(meta, "meta");
    agents = Collections.unmodifiableSortedMap(new TreeMap<>(agents));
    frameworks = Collections.unmodifiableSortedMap(new TreeMap<>(frameworks));
    tasks = Collections.unmodifiableSortedMap(new TreeMap<>(tasks));
    removedAgents = Collections.unmodifiableSortedSet(new TreeSet<>(removedAgents));
    removedFrameworks = Collections.unmodifiableSortedSet(new TreeSet<>(removedFrameworks));
  }

  public boolean isEmpty() {
    return agents.isEmpty() && frameworks.isEmpty() && tasks.isEmpty() && removedAgents.isEmpty()
        && removedFrameworks.isEmpty();
  }
}
