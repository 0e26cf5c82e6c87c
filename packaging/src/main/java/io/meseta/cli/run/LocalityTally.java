package io.meseta.cli.run;

import io.meseta.cli.run.PendingTask.Placement;
import java.util.EnumMap;
import java.util.Map;

/** How many launched tasks ran next to their data: node-local, rack-local, elsewhere. */
public final class LocalityTally {
  private final Map<Placement, Integer> counts = new EnumMap<>(Placement.class);

  /** Counts one launch of {@code task} on {@code host} in {@code rack}. */
  public void launched(PendingTask task, String host, String rack) {
    counts.merge(task.placementOn(host, rack), 1, Integer::sum);
  }

  public int count(Placement p) {
    return counts.getOrDefault(p, 0);
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** {@code 58 node-local, 1 rack-local, 1 elsewhere}. */
  @Override
  public String toString() {
    return count(Placement.NODE_LOCAL) + " node-local, " + count(Placement.RACK_LOCAL) + " rack-local, "
        + count(Placement.ELSEWHERE) + " elsewhere";
  }
}
