package io.meseta.batch.plan;

import io.meseta.batch.spec.TaskSpec;
import io.meseta.hdfs.locality.Split;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a planned job: its key (unique in the job: {@code STAGE.TASK} for a listed task,
 * {@code STAGE.00003} for the 3rd split of a forEach stage), its stage, what it runs and, for a
 * forEach stage, its split.
 */
public record PlannedTask(String key, String stage, int index, TaskSpec spec, Optional<Split> split) {
  /** Where an attempt ran relative to its split's replicas. */
  public enum Placement { NODE_LOCAL, RACK_LOCAL, ELSEWHERE, NO_DATA }

  public PlannedTask {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(split, "split");
  }

  /** Whether a replica of the split is on {@code host} (names compare without case). */
  public boolean isOnHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return split.isPresent() && split.get().hosts().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(h));
  }

  /** Whether a replica of the split is in {@code rack}. */
  public boolean isInRack(String rack) {
    return split.isPresent() && split.get().racks().contains(rack);
  }

  /** Whether the task has data with known hosts (others run equally well anywhere). */
  public boolean hasLocations() {
    return split.isPresent() && !split.get().hosts().isEmpty();
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
