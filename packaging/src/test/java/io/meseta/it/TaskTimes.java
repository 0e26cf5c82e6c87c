package io.meseta.it;

import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * When each task of a framework was launched, started running and ended, as the framework saw it
 * (System.nanoTime at launch and at each update's arrival). Thread-safe.
 */
final class TaskTimes {
  static final Set<TaskState> TERMINAL = EnumSet.of(TaskState.FINISHED, TaskState.FAILED, TaskState.KILLED,
      TaskState.LOST, TaskState.ERROR);

  private final Map<String, long[]> times = new HashMap<>(); // launched, running, ended (0: not yet)
  private final Map<String, TaskState> last = new HashMap<>();

  synchronized void launched(String taskId) {
    times.put(taskId, new long[] {System.nanoTime(), 0, 0});
  }

  synchronized void update(TaskStatus status) {
    long[] t = times.get(status.getTaskId());
    if (t == null || t[2] != 0) {
      return;
    }
    last.put(status.getTaskId(), status.getState());
    if (status.getState() == TaskState.RUNNING && t[1] == 0) {
      t[1] = System.nanoTime();
    }
    if (TERMINAL.contains(status.getState())) {
      t[2] = System.nanoTime();
      if (t[1] == 0) {
        t[1] = t[2];
      }
    }
  }

  synchronized int ended() {
    return (int) times.values().stream().filter(t -> t[2] != 0).count();
  }

  synchronized int count(TaskState state) {
    return (int) last.values().stream().filter(s -> s == state).count();
  }

  /** The first launch, or 0 if none. */
  synchronized long firstLaunch() {
    return times.values().stream().mapToLong(t -> t[0]).min().orElse(0);
  }

  /** The last end, or 0 if none. */
  synchronized long lastEnd() {
    return times.values().stream().mapToLong(t -> t[2]).max().orElse(0);
  }

  /** Seconds of tasks running (RUNNING to end, or to {@code to} if still running) within [from, to]. */
  synchronized double taskSeconds(long from, long to) {
    double sum = 0;
    for (long[] t : times.values()) {
      if (t[1] == 0) {
        continue;
      }
      long start = Math.max(t[1], from);
      long end = Math.min(t[2] == 0 ? to : t[2], to);
      if (end > start) {
        sum += (end - start) / 1e9;
      }
    }
    return sum;
  }
}
