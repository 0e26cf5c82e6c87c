package io.meseta.batch.framework;

import io.meseta.batch.plan.PlannedTask;
import io.meseta.core.allocation.LocalityLevel;
import io.meseta.core.resources.Resources;
import io.meseta.hdfs.locality.LocalFirst;
import java.util.List;

/**
 * Chooses which launchable tasks go on one offer, best placed first ({@link LocalFirst}), each as
 * long as its resources still fit. Pure.
 */
public final class OfferPacker {
  private OfferPacker() {}

  /**
   * @param candidates launchable tasks, in the order they should go
   * @param host       the offer's host name
   * @param rack       the offer's rack
   * @param level      the offer's locality level for this framework
   * @param free       the offer's resources
   */
  public static List<PlannedTask> pack(List<PlannedTask> candidates, String host, String rack, LocalityLevel level,
      Resources free) {
    Resources[] left = {free};
    return LocalFirst.pick(candidates, host, rack, level, t -> {
      Resources need = t.spec().resources().toResources();
      if (!left[0].contains(need)) {
        return false;
      }
      left[0] = left[0].minus(need);
      return true;
    });
  }
}
