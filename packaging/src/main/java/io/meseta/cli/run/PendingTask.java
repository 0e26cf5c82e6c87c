package io.meseta.cli.run;

import io.meseta.hdfs.locality.OnSplit;
import io.meseta.hdfs.locality.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One task of {@code meseta run} that has not been launched yet: its id and, for a run over input
 * splits, the split it processes.
 */
public record PendingTask(String id, Optional<Split> split) implements OnSplit {
  /** The environment variables that give a task its split. */
  public static final String ENV_PATH = "MESETA_SPLIT_PATH";
  public static final String ENV_OFFSET = "MESETA_SPLIT_OFFSET";
  public static final String ENV_LENGTH = "MESETA_SPLIT_LENGTH";

  /** Where a task ran relative to its split's replicas. */
  public enum Placement { NODE_LOCAL, RACK_LOCAL, ELSEWHERE }

  public PendingTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(split, "split");
  }

  /** Tasks {@code name-1} ... {@code name-N} without input. */
  public static List<PendingTask> numbered(String name, int count) {
    List<PendingTask> out = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      out.add(new PendingTask(name + "-" + i, Optional.empty()));
    }
    return out;
  }

  /** One task per split, {@code name-1} ... in split order. */
  public static List<PendingTask> forSplits(String name, List<Split> splits) {
    List<PendingTask> out = new ArrayList<>(splits.size());
    for (int i = 0; i < splits.size(); i++) {
      out.add(new PendingTask(name + "-" + (i + 1), Optional.of(splits.get(i))));
    }
    return out;
  }

  /** {@link #ENV_PATH}, {@link #ENV_OFFSET} and {@link #ENV_LENGTH} for a task with a split; else none. */
  public Map<String, String> environment() {
    Map<String, String> env = new TreeMap<>();
    split.ifPresent(s -> {
      env.put(ENV_PATH, s.path().toString());
      env.put(ENV_OFFSET, Long.toString(s.offset()));
      env.put(ENV_LENGTH, Long.toString(s.length()));
    });
    return env;
  }

  /** Where the task runs if launched on {@code host} in {@code rack}; a task without locations is ELSEWHERE. */
  public Placement placementOn(String host, String rack) {
    if (isOnHost(host)) {
      return Placement.NODE_LOCAL;
    }
    return isInRack(rack) ? Placement.RACK_LOCAL : Placement.ELSEWHERE;
  }
}
