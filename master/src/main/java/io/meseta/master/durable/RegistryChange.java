package io.meseta.master.durable;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.master.registry.TaskKey;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One batch of registry writes: the final value of every entry the batch touched (empty: delete),
 * new tombstones, and the new id lineage. Later writes of the same entry within a batch replace
 * earlier ones, so a batch never holds two values for one key and its order does not matter.
 */
public record RegistryChange(
    Optional<RegistryMeta> meta,
    SortedMap<AgentId, Optional<StoredAgent>> agents,
    SortedMap<FrameworkId, Optional<StoredFramework>> frameworks,
    SortedMap<TaskKey, Optional<StoredTask>> tasks,
    SortedSet<AgentId> removedAgents,
    SortedSet<FrameworkId> removedFrameworks) {

  public RegistryChange {
    Objects.requireNonNull(meta, "meta");
    agents = Collections.unmodifiableSortedMap(new TreeMap<>(agents));
    frameworks = Collections.unmodifiableSortedMap(new TreeMap<>(frameworks));
    tasks = Collections.unmodifiableSortedMap(new TreeMap<>(tasks));
    removedAgents = Collections.unmodifiableSortedSet(new TreeSet<>(removedAgents));
    removedFrameworks = Collections.unmodifiableSortedSet(new TreeSet<>(removedFrameworks));
  }

  public static RegistryChange metaOnly(RegistryMeta meta) {
    return new Builder().meta(meta).build();
  }

  public boolean isEmpty() {
    return meta.isEmpty() && agents.isEmpty() && frameworks.isEmpty() && tasks.isEmpty() && removedAgents.isEmpty()
        && removedFrameworks.isEmpty();
  }

  /** How many entries the batch writes or deletes (the lineage counts as one). */
  public int size() {
    return (meta.isPresent() ? 1 : 0) + agents.size() + frameworks.size() + tasks.size() + removedAgents.size()
        + removedFrameworks.size();
  }

  /** Collects one batch. Not thread-safe. */
  public static final class Builder {
    private Optional<RegistryMeta> meta = Optional.empty();
    private final SortedMap<AgentId, Optional<StoredAgent>> agents = new TreeMap<>();
    private final SortedMap<FrameworkId, Optional<StoredFramework>> frameworks = new TreeMap<>();
    private final SortedMap<TaskKey, Optional<StoredTask>> tasks = new TreeMap<>();
    private final SortedSet<AgentId> removedAgents = new TreeSet<>();
    private final SortedSet<FrameworkId> removedFrameworks = new TreeSet<>();

    public Builder meta(RegistryMeta m) {
      meta = Optional.of(m);
      return this;
    }

    public Builder putAgent(StoredAgent a) {
      agents.put(a.id(), Optional.of(a));
      return this;
    }

    /** Deletes the agent and leaves a tombstone, so it cannot come back under its id. */
    public Builder removeAgent(AgentId id) {
      return deleteAgent(id).tombstoneAgent(id);
    }

    public Builder deleteAgent(AgentId id) {
      agents.put(id, Optional.empty());
      return this;
    }

    public Builder tombstoneAgent(AgentId id) {
      removedAgents.add(id);
      return this;
    }

    public Builder putFramework(StoredFramework f) {
      frameworks.put(f.id(), Optional.of(f));
      return this;
    }

    /** Deletes the framework and leaves a tombstone, so it cannot come back under its id. */
    public Builder removeFramework(FrameworkId id) {
      return deleteFramework(id).tombstoneFramework(id);
    }

    public Builder deleteFramework(FrameworkId id) {
      frameworks.put(id, Optional.empty());
      return this;
    }

    public Builder tombstoneFramework(FrameworkId id) {
      removedFrameworks.add(id);
      return this;
    }

    public Builder putTask(StoredTask t) {
      tasks.put(t.key(), Optional.of(t));
      return this;
    }

    public Builder removeTask(TaskKey key) {
      tasks.put(key, Optional.empty());
      return this;
    }

    public boolean isEmpty() {
      return meta.isEmpty() && agents.isEmpty() && frameworks.isEmpty() && tasks.isEmpty() && removedAgents.isEmpty()
          && removedFrameworks.isEmpty();
    }

    public RegistryChange build() {
      return new RegistryChange(meta, agents, frameworks, tasks, removedAgents, removedFrameworks);
    }
  }
}
