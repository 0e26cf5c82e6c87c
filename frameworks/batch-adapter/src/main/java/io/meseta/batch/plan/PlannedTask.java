package io.meseta.batch.plan;

import io.meseta.batch.spec.TaskSpec;
import io.meseta.hdfs.locality.OnSplit;
import io.meseta.hdfs.locality.Split;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a planned job: its key (unique in the job: {@code STAGE.TASK} for a listed task,
 * {@code STAGE.00003} for the 3rd split of a forEach stage), its stage, what it runs and, for a
 * forEach stage, its split.
 */
public record PlannedTask(String key, String stage, int index, TaskSpec spec, Optional<Split> split)
    implements OnSplit {
  /** Where an attempt ran relative to its split's replicas. */
  public enum Placement { NODE_LOCAL, RACK_LOCAL, ELSEWHERE, NO_DATA }

  public PlannedTask {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(split, "split");
  }

  /** Where an attempt on {@code host} in {@code rack} runs relative to the data. */
  public Placement placementOn(String host, String rack) {
    if (!hasLocations()) {
      return Placement.NO_DATA;
    }
    if (isOnHost(host)) {
      return Placement.NODE_LOCAL;
    }
    return isInRack(rack) ? Placement.RACK_LOCAL : Placement.ELSEWHERE;
  }
}
