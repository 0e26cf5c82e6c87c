package io.meseta.core.allocation;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;
import java.util.TreeMap;

/** The allocator's view of one agent: its total, what each framework holds there, what is free. */
final class AgentState {
  final AgentId id;
  final AgentProfile profile;
  final Resources total;
  final Quantities totalQuantities;
  /** Framework to what it holds here; never holds empty bags. */
  final TreeMap<FrameworkId, Resources> allocated = new TreeMap<>();
  /** Total less everything allocated, as a bag and as quantities (kept in step). */
  Resources free;
  final Quantities freeQuantities;

  AgentState(AgentId id, AgentProfile profile, Resources total, ResourceKinds kinds) {
    this.id = id;
    this.profile = profile;
    this.total = total;
    this.totalQuantities = Quantities.of(kinds, total);
    this.free = total;
    this.freeQuantities = Quantities.of(kinds, total);
  }

  Resources heldBy(FrameworkId framework) {
    return allocated.getOrDefault(framework, Resources.EMPTY);
  }
}
