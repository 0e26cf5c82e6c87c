package io.meseta.core.allocation;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The allocator's view of one framework. A framework may be known only from an agent's report of
 * what it holds (after a master failover, before the framework re-registers): then it has no
 * role, is in no sorter and gets no offers, but its holdings still count as used.
 */
final class FrameworkState implements Comparable<FrameworkState> {
  final FrameworkId id;
  /** Null while the framework is known only from agents' reports. */
  String role;
  boolean active = true;
  boolean suppressed;
  final Quantities allocated;
  /** Agents where the framework holds something (order does not matter: only sums are taken over it). */
  final HashSet<AgentState> agents = new HashSet<>();
  final Map<AgentId, List<DeclineFilter>> filters = new HashMap<>();
  LocalityWants wants = LocalityWants.NONE;
  /** The framework's own waits; null for the allocator's default. */
  LocalityWaits waits;
  /** Since when the framework has been passed over for locality without a node-local offer; -1 if not. */
  long skippedSinceMillis = -1;
  /** What {@code allocated} is as a bag; null when it must be recomputed. */
  Resources allocatedCache;

  FrameworkState(FrameworkId id, ResourceKinds kinds) {
    this.id = id;
    this.allocated = new Quantities(kinds);
  }

  /** Frameworks sort by id (equality stays identity: there is one state per framework). */
  @Override
  public int compareTo(FrameworkState other) {
    return id.compareTo(other.id);
  }

  boolean registered() {
    return role != null;
  }

  boolean wantsOffers() {
    return role != null && active && !suppressed;
  }

  /** Whether a live decline filter keeps {@code free} on {@code agent} from this framework. */
  boolean isFiltered(AgentId agent, Resources free, long nowMillis) {
    if (filters.isEmpty()) {
      return false;
    }
    List<DeclineFilter> list = filters.get(agent);
    if (list == null) {
      return false;
    }
    boolean filtered = false;
    for (Iterator<DeclineFilter> it = list.iterator(); it.hasNext(); ) {
      DeclineFilter f = it.next();
      if (f.expired(nowMillis)) {
        it.remove();
      } else if (f.filters(free)) {
        filtered = true;
      }
    }
    if (list.isEmpty()) {
      filters.remove(agent);
    }
    return filtered;
  }

  void addFilter(AgentId agent, DeclineFilter filter, long nowMillis) {
    List<DeclineFilter> list = filters.computeIfAbsent(agent, a -> new ArrayList<>());
    list.removeIf(f -> f.expired(nowMillis));
    list.add(filter);
  }
}
