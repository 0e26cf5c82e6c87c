package io.meseta.core.allocation;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Short names for allocator tests. */
final class Fixtures {
  private Fixtures() {}

  static AgentId agent(String id) {
    return AgentId.of(id);
  }

  static FrameworkId fw(String id) {
    return FrameworkId.of(id);
  }

  static Resources res(String text) {
    return Resources.parse(text);
  }

  static void addAgent(Allocator allocator, String id, String total) {
    allocator.addAgent(agent(id), AgentProfile.of(id + ".example"), res(total), Map.of());
  }

  static Allocation alloc(String framework, String agent, String resources) {
    return new Allocation(fw(framework), agent(agent), res(resources));
  }

  /** Gives everything in {@code allocations} back, without a filter. */
  static void recoverAll(Allocator allocator, List<Allocation> allocations) {
    for (Allocation a : allocations) {
      allocator.recoverResources(a.frameworkId(), a.agentId(), a.resources(), Optional.empty());
    }
  }

  /**
   * A description of everything the allocator exposes about these agents and frameworks, to
   * compare two allocators' states with {@code equals}.
   */
  static List<String> describe(HierarchicalDrfAllocator allocator, List<String> agents, List<String> frameworks) {
    List<String> out = new ArrayList<>();
    out.add("total " + allocator.clusterTotal());
    for (String a : agents) {
      out.add(a + " free " + allocator.available(agent(a)));
      for (String f : frameworks) {
        out.add(a + " " + f + " " + allocator.allocated(fw(f), agent(a)));
      }
    }
    for (String f : frameworks) {
      out.add(f + " " + allocator.allocated(fw(f)) + " share " + allocator.dominantShare(fw(f))
          + " wants " + allocator.wantsOffers(fw(f)));
    }
    return out;
  }
}
