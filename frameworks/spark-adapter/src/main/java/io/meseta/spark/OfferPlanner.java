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
 * Decides which offers get how many executors: one batch in, one plan out, no I/O. Each next
 * executor goes to the fitting offer that is closest to the data (the offer's locality level,
 * when the application named input paths), then whose rack, host and agent have the fewest
 * executors (already running plus planned), ties broken by host name, then offer id, so the same
 * inputs give the same plan. Spreading over racks first means every host has an executor on its
 * rack as soon as there are as many executors as racks, so Spark can run tasks RACK_LOCAL.
 */
public final class OfferPlanner {
  private OfferPlanner() {}

  /** How close an offer is to what the application asked for; lower is closer. */
  public enum Locality { NODE_LOCAL, RACK_LOCAL, ANY }

  /** One offer as the planner sees it. */
  public record Slot(String offerId, String agentId, String hostname, String rack, Locality locality,
      Resources available) {
    public Slot {
      Objects.requireNonNull(offerId, "offerId");
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(rack, "rack");
      Objects.requireNonNull(locality, "locality");
      Objects.requireNonNull(available, "available");
    }

    /** An offer on no particular rack, with no locality wish. */
    public Slot(String offerId, String agentId, String hostname, Resources available) {
      this(offerId, agentId, hostname, "/default-rack", Locality.ANY, available);
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

  /** Executors already running or launching, counted by rack, host name and agent id. */
  public record Spread(Map<String, Integer> perRack, Map<String, Integer> perHost, Map<String, Integer> perAgent) {
    public static final Spread NONE = new Spread(Map.of(), Map.of(), Map.of());
  }

  /** Places up to {@code wanted} executors of {@code size} on {@code offers}. */
  public static Plan plan(List<Slot> offers, int wanted, ExecutorSize size, Spread spread) {
    Resources one = size.resources();
    Map<String, Resources> left = new HashMap<>();
    offers.forEach(o -> left.put(o.offerId(), o.available()));
    Map<String, Integer> racks = new HashMap<>(spread.perRack());
    Map<String, Integer> hosts = new HashMap<>(spread.perHost());
    Map<String, Integer> agents = new HashMap<>(spread.perAgent());
    Map<String, Integer> launches = new LinkedHashMap<>();
    boolean anyFit = offers.stream().anyMatch(o -> o.available().contains(one));
    List<Slot> order = new ArrayList<>(offers);
    order.sort(Comparator.comparing(Slot::hostname).thenComparing(Slot::offerId));
    for (int placed = 0; placed < wanted; placed++) {
      Slot best = null;
      for (Slot s : order) {
        if (left.get(s.offerId()).contains(one) && (best == null || better(s, best, racks, hosts, agents))) {
          best = s;
        }
      }
      if (best == null) {
        break;
      }
      left.put(best.offerId(), left.get(best.offerId()).minus(one));
      racks.merge(best.rack(), 1, Integer::sum);
      hosts.merge(best.hostname(), 1, Integer::sum);
      agents.merge(best.agentId(), 1, Integer::sum);
      launches.merge(best.offerId(), 1, Integer::sum);
    }
    List<String> unused = order.stream().map(Slot::offerId).filter(id -> !launches.containsKey(id)).toList();
    return new Plan(launches, unused, anyFit);
  }

  private static boolean better(Slot a, Slot b, Map<String, Integer> racks, Map<String, Integer> hosts,
      Map<String, Integer> agents) {
    int c = a.locality().compareTo(b.locality());
    if (c == 0) {
      c = Integer.compare(racks.getOrDefault(a.rack(), 0), racks.getOrDefault(b.rack(), 0));
    }
    if (c == 0) {
      c = Integer.compare(hosts.getOrDefault(a.hostname(), 0), hosts.getOrDefault(b.hostname(), 0));
    }
    if (c == 0) {
      c = Integer.compare(agents.getOrDefault(a.agentId(), 0), agents.getOrDefault(b.agentId(), 0));
    }
    return c < 0;
  }
}
