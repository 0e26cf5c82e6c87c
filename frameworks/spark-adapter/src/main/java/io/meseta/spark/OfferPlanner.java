package io.meseta.spark;

import io.meseta.core.resources.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which offers get how many executors: one batch in, one plan out, no I/O. Executors
 * spread over hosts: each next executor goes to the fitting offer whose host has the fewest
 * executors (already running plus planned), then whose agent has the fewest (several agents
 * may share a host name), ties broken by host name, then offer id, so the same inputs give the
 * same plan.
 */
public final class OfferPlanner {
  private OfferPlanner() {}

  /** One offer as the planner sees it. */
  public record Slot(String offerId, String agentId, String hostname, Resources available) {
    public Slot {
      Objects.requireNonNull(offerId, "offerId");
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(available, "available");
    }
  }

  /**
   * The outcome.
   *
   * @param launches executors to launch per offer id, in placement order of the offers
   * @param unused   offers that get no executor
   * @param anyFit   whether at least one offer could hold one executor
   */
  public record Plan(Map<String, Integer> launches, List<String> unused, boolean anyFit) {
    public int total() {
      return launches.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * Places up to {@code wanted} executors of {@code size} on {@code offers}.
   *
   * @param perHost  executors already running or launching, by host name
   * @param perAgent the same by agent id
   */
  public static Plan plan(List<Slot> offers, int wanted, ExecutorSize size, Map<String, Integer> perHost,
      Map<String, Integer> perAgent) {
    Resources one = size.resources();
    Map<String, Resources> left = new HashMap<>();
    offers.forEach(o -> left.put(o.offerId(), o.available()));
    Map<String, Integer> hosts = new HashMap<>(perHost);
    Map<String, Integer> agents = new HashMap<>(perAgent);
    Map<String, Integer> launches = new LinkedHashMap<>();
    boolean anyFit = offers.stream().anyMatch(o -> o.available().contains(one));
    List<Slot> order = new ArrayList<>(offers);
    order.sort(Comparator.comparing(Slot::hostname).thenComparing(Slot::offerId));
    for (int placed = 0; placed < wanted; placed++) {
      Slot best = null;
      for (Slot s : order) {
        if (left.get(s.offerId()).contains(one) && (best == null || fewer(s, best, hosts, agents))) {
          best = s;
        }
      }
      if (best == null) {
        break;
      }
      left.put(best.offerId(), left.get(best.offerId()).minus(one));
      hosts.merge(best.hostname(), 1, Integer::sum);
      agents.merge(best.agentId(), 1, Integer::sum);
      launches.merge(best.offerId(), 1, Integer::sum);
    }
    List<String> unused = order.stream().map(Slot::offerId).filter(id -> !launches.containsKey(id)).toList();
    return new Plan(launches, unused, anyFit);
  }

  private static boolean fewer(Slot a, Slot b, Map<String, Integer> hosts, Map<String, Integer> agents) {
    int byHost = Integer.compare(hosts.getOrDefault(a.hostname(), 0), hosts.getOrDefault(b.hostname(), 0));
    if (byHost != 0) {
      return byHost < 0;
    }
    return agents.getOrDefault(a.agentId(), 0) < agents.getOrDefault(b.agentId(), 0);
  }
}
