package io.meseta.bench;

import io.meseta.core.allocation.AgentProfile;
import io.meseta.core.allocation.Allocation;
import io.meseta.core.allocation.AllocatorConfig;
import io.meseta.core.allocation.HierarchicalDrfAllocator;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Range;
import io.meseta.core.resources.Resources;
import io.meseta.core.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * A simulated cluster driving the real allocator: identical agents, frameworks spread over roles
 * (the first role weighted 2), and frameworks that keep most offers and decline some with a
 * refuse filter. Between cycles a fraction of agents' allocations come back (tasks finish) and the
 * clock moves one second. Randomness comes from a seeded {@link Random}, so runs repeat exactly.
 */
final class ClusterSimulation {
  private static final Resources AGENT = Resources.builder()
      .scalar(Resources.CPUS, 16).scalar(Resources.MEM, 65536).scalar(Resources.DISK, 512_000)
      .ranges(Resources.PORTS, new Range(31000, 32000)).build();
  private static final Optional<Duration> REFUSE = Optional.of(Duration.ofSeconds(5));

  private final ManualClock clock = new ManualClock(0);
  private final HierarchicalDrfAllocator allocator;
  private final Random random;
  private final List<AgentId> agents = new ArrayList<>();
  /** What frameworks kept, by agent. */
  private final Map<AgentId, List<Allocation>> held = new TreeMap<>();
  private final double recoverFraction;
  private final double declineFraction;

  ClusterSimulation(int agentCount, int frameworkCount, int roleCount, double recoverFraction,
      double declineFraction, long seed) {
    this.allocator = new HierarchicalDrfAllocator(
        AllocatorConfig.DEFAULT.withRoleWeights(Map.of("role-0", 2.0)), clock);
    this.random = new Random(seed);
    this.recoverFraction = recoverFraction;
    this.declineFraction = declineFraction;
    for (int i = 0; i < agentCount; i++) {
      AgentId id = AgentId.of(String.format("agent-%06d", i));
      agents.add(id);
      allocator.addAgent(id, AgentProfile.of(id.value() + ".cluster"), AGENT, Map.of());
    }
    for (int i = 0; i < frameworkCount; i++) {
      allocator.addFramework(FrameworkId.of(String.format("framework-%04d", i)), "role-" + (i % roleCount));
    }
  }

  /** One allocation cycle; returns its allocations (the caller times this call alone). */
  List<Allocation> allocate() {
    return allocator.allocate();
  }

  /** The frameworks answer: each allocation is kept, or declined with a filter. */
  void respond(List<Allocation> allocations) {
    for (Allocation a : allocations) {
      if (random.nextDouble() < declineFraction) {
        allocator.recoverResources(a.frameworkId(), a.agentId(), a.resources(), REFUSE);
      } else {
        held.computeIfAbsent(a.agentId(), x -> new ArrayList<>()).add(a);
      }
    }
  }

  /** Tasks finish on a random fraction of agents, and a second passes. */
  void churn() {
    int n = (int) Math.round(agents.size() * recoverFraction);
    for (int i = 0; i < n; i++) {
      AgentId agent = agents.get(random.nextInt(agents.size()));
      List<Allocation> kept = held.remove(agent);
      if (kept != null) {
        for (Allocation a : kept) {
          allocator.recoverResources(a.frameworkId(), a.agentId(), a.resources(), Optional.empty());
        }
      }
    }
    clock.advance(Duration.ofSeconds(1));
  }

  int agentCount() {
    return agents.size();
  }
}
