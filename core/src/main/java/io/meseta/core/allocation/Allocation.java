package io.meseta.core.allocation;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;

/**
 * Resources of one agent handed to one framework by one allocation round, and how local that
 * agent is to what the framework asked for ({@link LocalityLevel#ANY} without preferences).
 */
public record Allocation(FrameworkId frameworkId, AgentId agentId, Resources resources, LocalityLevel locality) {
  public Allocation(FrameworkId frameworkId, AgentId agentId, Resources resources) {
    this(frameworkId, agentId, resources, LocalityLevel.ANY);
  }
}
