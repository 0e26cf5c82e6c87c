package io.meseta.core.allocation;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;

/** Resources of one agent handed to one framework by one allocation round. */
public record Allocation(FrameworkId frameworkId, AgentId agentId, Resources resources) {}
