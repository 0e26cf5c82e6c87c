package io.meseta.master.durable;

import com.codahale.metrics.Timer;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.master.registry.TaskKey;

/**
 * The registry writes of one leadership term, collected during a turn of the master's loop and
 * made durable together by {@link #flush}. The master records every change here as it makes it;
 * the process flushes before anything of that turn is visible to a peer (an RPC answer, a launch,
 * an event), so nothing a peer saw can be forgotten by the next leader. Loop thread only.
 */
public final class RegistryJournal {
  private final RegistryStore store;
  private final Timer writes;
  private RegistryChange.Builder pending = new RegistryChange.Builder();

  public RegistryJournal(RegistryStore store, Timer writes) {
    this.store = store;
    this.writes = writes;
  }

  public void meta(RegistryMeta meta) {
    pending.meta(meta);
  }

  public void putAgent(StoredAgent agent) {
    pending.putAgent(agent);
  }

  public void removeAgent(AgentId id) {
    pending.removeAgent(id);
  }

  public void putFramework(StoredFramework framework) {
    pending.putFramework(framework);
  }

  public void removeFramework(FrameworkId id) {
    pending.removeFramework(id);
  }

  public void putTask(StoredTask task) {
    pending.putTask(task);
  }

  public void removeTask(TaskKey key) {
    pending.removeTask(key);
  }

  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /**
   * Makes everything recorded since the last flush durable. After a failure the pending writes
   * are dropped: the term that made them must end.
   *
   * @throws RegistryException naming the store and the cause
   */
  public void flush() throws RegistryException {
    if (pending.isEmpty()) {
      return;
    }
    RegistryChange change = pending.build();
    pending = new RegistryChange.Builder();
    try (Timer.Context ignored = writes.time()) {
      store.apply(change);
    }
  }

  /** Drops what was recorded and not flushed. */
  public void discard() {
    pending = new RegistryChange.Builder();
  }

  public String describe() {
    return store.describe();
  }
}
