package io.meseta.cli.run;

import io.meseta.core.allocation.LocalityLevel;
import io.meseta.hdfs.locality.LocalFirst;
import io.meseta.hdfs.locality.SplitWishes;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

/**
 * The tasks of {@code meseta run} not launched yet, in order, and the choice of which to put on an
 * offer ({@link LocalFirst}). Not thread-safe: used on the client's callback thread.
 */
public final class TaskQueue {
  private final LinkedList<PendingTask> pending;

  public TaskQueue(List<PendingTask> tasks) {
    this.pending = new LinkedList<>(tasks);
  }

  public boolean isEmpty() {
    return pending.isEmpty();
  }

  public int size() {
    return pending.size();
  }

  /**
   * Removes and returns up to {@code max} tasks for an offer on {@code host} in {@code rack} whose
   * locality level (for this framework) is {@code level}, best placed first.
   */
  public List<PendingTask> take(String host, String rack, LocalityLevel level, int max) {
    int[] room = {max};
    List<PendingTask> out = LocalFirst.pick(pending, host, rack, level, t -> room[0]-- > 0);
    pending.removeAll(out);
    return out;
  }

  /** Adds tasks that became runnable at the end. */
  public void add(List<PendingTask> tasks) {
    pending.addAll(tasks);
  }

  /** Puts tasks that could not be launched back at the front, in their order. */
  public void putBack(List<PendingTask> tasks) {
    for (int i = tasks.size() - 1; i >= 0; i--) {
      pending.addFirst(tasks.get(i));
    }
  }

  /** What the pending tasks want (see {@link SplitWishes}). */
  public SplitWishes wishes() {
    return SplitWishes.of(pending);
  }
}
