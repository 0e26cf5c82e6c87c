package io.meseta.batch.status;

import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.plan.PlannedTask.Placement;
import java.util.List;

/**
 * Where the tasks with input data ran relative to it, by their latest attempt: on a host holding a
 * replica (node-local), in a rack holding one (rack-local), or elsewhere.
 */
public record Tally(int nodeLocal, int rackLocal, int elsewhere) {
  public static Tally of(List<TaskRecord> records) {
    int node = 0;
    int rack = 0;
    int other = 0;
    for (TaskRecord r : records) {
      if (r.placement().isEmpty() || r.attempts() == 0) {
        continue;
      }
      Placement p = r.placement().get();
      if (p == Placement.NODE_LOCAL) {
        node++;
      } else if (p == Placement.RACK_LOCAL) {
        rack++;
      } else if (p == Placement.ELSEWHERE) {
        other++;
      }
    }
    return new Tally(node, rack, other);
  }

  public int total() {
    return nodeLocal + rackLocal + elsewhere;
  }

  /** {@code 58 node-local, 1 rack-local, 1 elsewhere}. */
  @Override
  public String toString() {
    return nodeLocal + " node-local, " + rackLocal + " rack-local, " + elsewhere + " elsewhere";
  }
}
