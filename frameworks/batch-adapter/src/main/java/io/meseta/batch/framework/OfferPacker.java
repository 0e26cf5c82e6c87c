package io.meseta.batch.framework;

import io.meseta.batch.plan.PlannedTask;
import io.meseta.core.allocation.LocalityLevel;
import io.meseta.core.resources.Resources;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Chooses which launchable tasks go on one offer, best placed first: tasks with a replica of their
 * split on the offer's host (and tasks without data), then, unless the offer is only node-local
 * for us, tasks with a replica in its rack, then, only if the offer is ANY, the rest; each as long
 * as its resources still fit. Candidates keep their order within each group. Pure.
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
    Set<PlannedTask> chosen = new LinkedHashSet<>();
    Resources[] left = {free};
    takeWhere(candidates, chosen, left, t -> !t.hasLocations() || t.isOnHost(host));
    if (level != LocalityLevel.NODE_LOCAL) {
      takeWhere(candidates, chosen, left, t -> t.isInRack(rack));
    }
    if (level == LocalityLevel.ANY) {
      takeWhere(candidates, chosen, left, t -> true);
    }
    return new ArrayList<>(chosen);
  }

  private static void takeWhere(List<PlannedTask> candidates, Set<PlannedTask> chosen, Resources[] left,
      Predicate<PlannedTask> accept) {
    for (PlannedTask t : candidates) {
      if (chosen.contains(t) || !accept.test(t)) {
        continue;
      }
      Resources need = t.spec().resources().toResources();
      if (left[0].contains(need)) {
        left[0] = left[0].minus(need);
        chosen.add(t);
      }
    }
  }
}
