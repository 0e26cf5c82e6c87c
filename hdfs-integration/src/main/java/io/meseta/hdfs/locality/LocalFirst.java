package io.meseta.hdfs.locality;

import io.meseta.core.allocation.LocalityLevel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which waiting work goes on one offer, best placed first: work with a replica of its split on the
 * offer's host (and work without data), then, unless the offer is only node-local for this
 * framework, work with a replica in its rack, then, only if the offer is ANY, the rest. Work keeps
 * its order within each group. Pure; frameworks' own delay scheduling is the offer's level.
 */
public final class LocalFirst {
  private LocalFirst() {}

  /**
   * @param candidates the waiting work, in the order it should go
   * @param host       the offer's host name
   * @param rack       the offer's rack
   * @param level      the offer's locality level for this framework
   * @param take       asked for each candidate in turn: whether it still fits on the offer, and if so
   *                   counts it in (so it may keep state, such as the resources left)
   * @return the chosen work, best placed first
   */
  public static <T extends OnSplit> List<T> pick(List<T> candidates, String host, String rack, LocalityLevel level,
      Predicate<T> take) {
    Set<T> chosen = new LinkedHashSet<>();
    pickWhere(candidates, chosen, take, t -> !t.hasLocations() || t.isOnHost(host));
    if (level != LocalityLevel.NODE_LOCAL) {
      pickWhere(candidates, chosen, take, t -> t.isInRack(rack));
    }
    if (level == LocalityLevel.ANY) {
      pickWhere(candidates, chosen, take, t -> true);
    }
    return new ArrayList<>(chosen);
  }

  private static <T> void pickWhere(List<T> candidates, Set<T> chosen, Predicate<T> take, Predicate<T> placed) {
    for (T t : candidates) {
      if (!chosen.contains(t) && placed.test(t) && take.test(t)) {
        chosen.add(t);
      }
    }
  }
}
