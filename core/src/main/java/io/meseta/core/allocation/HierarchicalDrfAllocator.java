package io.meseta.core.allocation;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;
import io.meseta.core.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Hierarchical DRF, as in Mesos 1.x: roles are ordered by weighted dominant share, the frameworks
 * of a role by dominant share (ties by name and id). Each {@link #allocate()} walks the agents in
 * id order and gives all of an agent's free resources to the first framework in that order that is
 * active, not suppressed and not filtered there; the order is updated after each allocation.
 *
 * <p>Shares count scalar resources only and use the cached cluster total. Decline filters (see
 * {@link #recoverResources}) last at most {@link #MAX_REFUSE}. Every method checks its input
 * before changing anything, so a rejected call leaves the allocator as it was. Not thread-safe.
 */
public final class HierarchicalDrfAllocator implements Allocator {
  /** Longer refusals are cut to this, as Mesos does. */
  public static final Duration MAX_REFUSE = Duration.ofDays(365);

  private final AllocatorConfig config;
  private final Clock clock;
  private final ResourceKinds kinds = new ResourceKinds();
  private final Quantities total = new Quantities(kinds);
  private final RoleTree order;
  private final TreeMap<AgentId, AgentState> agents = new TreeMap<>();
  private final Map<FrameworkId, FrameworkState> frameworks = new HashMap<>();
  private Resources clusterTotalCache = Resources.EMPTY;
  /** {@code config.minAllocatable()} as quantities, or null if one of them has ranges. */
  private final List<Quantities> minimums;

  public HierarchicalDrfAllocator(AllocatorConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.order = new RoleTree(config, kinds, total);
    this.minimums = scalarMinimums(config.minAllocatable(), kinds);
  }

  private static List<Quantities> scalarMinimums(List<Resources> minimums, ResourceKinds kinds) {
    List<Quantities> out = new ArrayList<>();
    for (Resources min : minimums) {
      if (!min.rangeNames().isEmpty()) {
        return null;
      }
      out.add(Quantities.of(kinds, min));
    }
    return out;
  }

  @Override
  public void addAgent(AgentId agent, AgentProfile profile, Resources agentTotal, Map<FrameworkId, Resources> used) {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(agentTotal, "total");
    if (agents.containsKey(agent)) {
      throw new IllegalArgumentException("agent " + agent + " is already known");
    }
    Map<FrameworkId, Resources> holdings = checkUsed(agent, agentTotal, used);
    AgentState a = new AgentState(agent, profile, agentTotal, kinds);
    agents.put(agent, a);
    total.add(a.totalQuantities);
    order.totalChanged();
    clusterTotalCache = null;
    holdings.forEach((fid, r) -> grant(frameworks.computeIfAbsent(fid, id -> new FrameworkState(id, kinds)), a, r,
        Quantities.of(kinds, r)));
  }

  /** Checks that what frameworks use on a new agent fits, without overlap, in its total. */
  private static Map<FrameworkId, Resources> checkUsed(AgentId agent, Resources agentTotal,
      Map<FrameworkId, Resources> used) {
    Objects.requireNonNull(used, "used");
    Map<FrameworkId, Resources> holdings = new LinkedHashMap<>();
    Resources left = agentTotal;
    for (Map.Entry<FrameworkId, Resources> e : new TreeMap<>(used).entrySet()) {
      Resources r = Objects.requireNonNull(e.getValue(), "used resources of framework " + e.getKey());
      if (!left.contains(r)) {
        throw new IllegalArgumentException("agent " + agent + ": resources used by framework " + e.getKey()
            + " (" + r + ") do not fit in what its total " + agentTotal + " has left (" + left + ")");
      }
      left = left.minus(r);
      if (!r.isEmpty()) {
        holdings.put(e.getKey(), r);
      }
    }
    return holdings;
  }

  @Override
  public void removeAgent(AgentId agent) {
    AgentState a = agents.remove(agent);
    if (a == null) {
      return;
    }
    for (Map.Entry<FrameworkId, Resources> e : a.allocated.entrySet()) {
      FrameworkState f = frameworks.get(e.getKey());
      take(f, Quantities.of(kinds, e.getValue()));
      f.agents.remove(a);
      if (!f.registered() && f.agents.isEmpty()) {
        frameworks.remove(f.id);
      }
    }
    for (FrameworkState f : frameworks.values()) {
      f.filters.remove(agent);
    }
    total.subtract(a.totalQuantities);
    order.totalChanged();
    clusterTotalCache = null;
  }

  @Override
  public void addFramework(FrameworkId framework, String role) {
    Objects.requireNonNull(framework, "framework");
    if (role == null || role.isBlank()) {
      throw new IllegalArgumentException("framework " + framework + " needs a non-empty role");
    }
    FrameworkState f = frameworks.get(framework);
    if (f != null && f.registered()) {
      throw new IllegalArgumentException("framework " + framework + " is already known (role " + f.role + ")");
    }
    if (f == null) {
      f = new FrameworkState(framework, kinds);
      frameworks.put(framework, f);
    }
    f.role = role;
    order.add(f, f.allocated);
  }

  @Override
  public void removeFramework(FrameworkId framework) {
    FrameworkState f = frameworks.remove(framework);
    if (f == null) {
      return;
    }
    for (AgentState a : f.agents) {
      Resources r = a.allocated.remove(framework);
      a.free = a.free.plus(r);
      a.freeQuantities.add(r);
    }
    if (f.registered()) {
      order.remove(f, f.allocated);
    }
  }

  @Override
  public void deactivateFramework(FrameworkId framework) {
    registered(framework).active = false;
  }

  @Override
  public void activateFramework(FrameworkId framework) {
    registered(framework).active = true;
  }

  @Override
  public void suppress(FrameworkId framework) {
    registered(framework).suppressed = true;
  }

  @Override
  public void revive(FrameworkId framework) {
    FrameworkState f = registered(framework);
    f.suppressed = false;
    f.filters.clear();
  }

  @Override
  public void recoverResources(FrameworkId framework, AgentId agent, Resources resources,
      Optional<Duration> refuseFor) {
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(refuseFor, "refuseFor");
    FrameworkState f = known(framework);
    AgentState a = knownAgent(agent);
    Resources held = a.heldBy(framework);
    if (!held.contains(resources)) {
      throw new IllegalArgumentException("framework " + framework + " cannot recover " + resources + " on agent "
          + agent + ": it holds only " + (held.isEmpty() ? "nothing" : held.toString()) + " there");
    }
    refuseFor.ifPresent(d -> {
      if (d.isNegative()) {
        throw new IllegalArgumentException("framework " + framework + " on agent " + agent
            + ": refuse duration must not be negative, got " + d);
      }
    });
    if (resources.isEmpty()) {
      return;
    }
    Resources left = held.minus(resources);
    if (left.isEmpty()) {
      a.allocated.remove(framework);
      f.agents.remove(a);
    } else {
      a.allocated.put(framework, left);
    }
    Quantities q = Quantities.of(kinds, resources);
    a.free = a.free.plus(resources);
    a.freeQuantities.add(q);
    take(f, q);
    if (f.registered() && refuseFor.isPresent() && !refuseFor.get().isZero()) {
      long now = clock.millis();
      f.addFilter(agent, new DeclineFilter(resources, expiry(now, refuseFor.get())), now);
    }
  }

  private static long expiry(long now, Duration refuse) {
    long millis = (refuse.compareTo(MAX_REFUSE) > 0 ? MAX_REFUSE : refuse).toMillis();
    long at = now + millis;
    return at < now ? Long.MAX_VALUE : at;
  }

  @Override
  public List<Allocation> allocate() {
    List<Allocation> out = new ArrayList<>();
    if (!anyWantsOffers()) {
      return out;
    }
    long now = clock.millis();
    for (AgentState a : agents.values()) {
      if (a.free.isEmpty() || !allocatable(a)) {
        continue;
      }
      FrameworkState chosen = firstEligible(a, now);
      if (chosen != null) {
        LocalityLevel level = chosen.wants.levelOf(a.profile.hostname(), a.profile.rack());
        if (level == LocalityLevel.NODE_LOCAL) {
          chosen.skippedSinceMillis = -1;
        }
        Resources given = a.free;
        grant(chosen, a, given, a.freeQuantities);
        out.add(new Allocation(chosen.id, a.id, given, chosen.wants.isEmpty() ? LocalityLevel.ANY : level));
      }
    }
    return out;
  }

  /**
   * The first framework in fairness order that wants offers, is not filtered on the agent and is
   * not holding out for more local resources (delay scheduling). Frameworks passed over for
   * locality start (or keep) their wait.
   */
  private FrameworkState firstEligible(AgentState a, long now) {
    for (int r = 0, roles = order.roleCount(); r < roles; r++) {
      DrfSorter<FrameworkState> sorter = order.frameworksOfRoleAt(r);
      for (int i = 0, n = sorter.size(); i < n; i++) {
        FrameworkState f = sorter.at(i);
        if (f.wantsOffers() && !f.isFiltered(a.id, a.free, now)) {
          if (localEnough(f, a, now)) {
            return f;
          }
          if (f.skippedSinceMillis < 0) {
            f.skippedSinceMillis = now;
          }
        }
      }
    }
    return null;
  }

  /** Whether the agent is local enough for the framework, given how long it has waited. */
  private boolean localEnough(FrameworkState f, AgentState a, long now) {
    if (f.wants.isEmpty()) {
      return true;
    }
    LocalityLevel level = f.wants.levelOf(a.profile.hostname(), a.profile.rack());
    if (level == LocalityLevel.NODE_LOCAL) {
      return true;
    }
    LocalityWaits w = f.waits != null ? f.waits : config.localityWaits();
    long waited = f.skippedSinceMillis < 0 ? 0 : now - f.skippedSinceMillis;
    long nodeWait = w.node().toMillis();
    if (level == LocalityLevel.RACK_LOCAL) {
      return waited >= nodeWait;
    }
    return waited >= nodeWait + w.rack().toMillis();
  }

  @Override
  public void setLocality(FrameworkId framework, LocalityWants wants, Optional<LocalityWaits> waits) {
    Objects.requireNonNull(wants, "wants");
    Objects.requireNonNull(waits, "waits");
    FrameworkState f = registered(framework);
    f.wants = wants;
    f.waits = waits.orElse(null);
    if (wants.isEmpty()) {
      f.skippedSinceMillis = -1;
    }
  }

  @Override
  public void launched(FrameworkId framework, AgentId agent, int tasks) {
    if (tasks < 0) {
      throw new IllegalArgumentException("launched task count must not be negative, got " + tasks);
    }
    FrameworkState f = registered(framework);
    AgentState a = knownAgent(agent);
    if (!f.wants.isEmpty() && tasks > 0) {
      f.wants = f.wants.launched(a.profile.hostname(), a.profile.rack(), tasks);
    }
  }

  private boolean anyWantsOffers() {
    for (FrameworkState f : frameworks.values()) {
      if (f.wantsOffers()) {
        return true;
      }
    }
    return false;
  }

  /** Whether the agent's free resources hold at least one of the minimum allocatable bags. */
  private boolean allocatable(AgentState a) {
    if (minimums == null) {
      for (Resources min : config.minAllocatable()) {
        if (a.free.contains(min)) {
          return true;
        }
      }
      return config.minAllocatable().isEmpty();
    }
    for (int i = 0, n = minimums.size(); i < n; i++) {
      if (a.freeQuantities.contains(minimums.get(i))) {
        return true;
      }
    }
    return minimums.isEmpty();
  }

  /** Moves {@code r} (with quantities {@code q}) of the agent's free resources to the framework. */
  private void grant(FrameworkState f, AgentState a, Resources r, Quantities q) {
    Resources before = a.allocated.get(f.id);
    a.allocated.put(f.id, before == null ? r : before.plus(r));
    f.agents.add(a);
    f.allocated.add(q);
    f.allocatedCache = null;
    if (f.registered()) {
      order.allocated(f, q);
    }
    a.free = r == a.free ? Resources.EMPTY : a.free.minus(r);
    if (q == a.freeQuantities) {
      q.clear();
    } else {
      a.freeQuantities.subtract(q);
    }
  }

  /** Takes quantities {@code q} from what the framework holds (its per-agent bags are updated by the caller). */
  private void take(FrameworkState f, Quantities q) {
    f.allocated.subtract(q);
    f.allocatedCache = null;
    if (f.registered()) {
      order.unallocated(f, q);
    }
  }

  @Override
  public Resources allocated(FrameworkId framework) {
    FrameworkState f = known(framework);
    if (f.allocatedCache == null) {
      Resources sum = Resources.EMPTY;
      for (AgentState a : f.agents) {
        sum = sum.plus(a.heldBy(framework));
      }
      f.allocatedCache = sum;
    }
    return f.allocatedCache;
  }

  /** What the framework holds on one agent (empty if nothing). */
  public Resources allocated(FrameworkId framework, AgentId agent) {
    known(framework);
    return knownAgent(agent).heldBy(framework);
  }

  /** The agent's total less everything allocated on it. */
  public Resources available(AgentId agent) {
    return knownAgent(agent).free;
  }

  @Override
  public double dominantShare(FrameworkId framework) {
    return known(framework).allocated.dominantShare(total);
  }

  /** The role's dominant share divided by its weight: the key roles are ordered by. */
  public double weightedRoleShare(String role) {
    return order.roleShare(role);
  }

  /**
   * The sum of every agent's total. Port ranges of different agents are merged as sets, so the
   * sum's ranges are their union.
   */
  @Override
  public Resources clusterTotal() {
    if (clusterTotalCache == null) {
      Resources sum = Resources.EMPTY;
      for (AgentState a : agents.values()) {
        sum = sum.plus(a.total);
      }
      clusterTotalCache = sum;
    }
    return clusterTotalCache;
  }

  /** Whether the framework is registered, active and not suppressed. */
  public boolean wantsOffers(FrameworkId framework) {
    return registered(framework).wantsOffers();
  }

  private FrameworkState known(FrameworkId framework) {
    Objects.requireNonNull(framework, "framework");
    FrameworkState f = frameworks.get(framework);
    if (f == null) {
      throw new IllegalArgumentException("unknown framework " + framework);
    }
    return f;
  }

  private FrameworkState registered(FrameworkId framework) {
    FrameworkState f = known(framework);
    if (!f.registered()) {
      throw new IllegalArgumentException("framework " + framework + " has not been added (known only from agents)");
    }
    return f;
  }

  private AgentState knownAgent(AgentId agent) {
    Objects.requireNonNull(agent, "agent");
    AgentState a = agents.get(agent);
    if (a == null) {
      throw new IllegalArgumentException("unknown agent " + agent);
    }
    return a;
  }
}
