package io.meseta.core.offers;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.resources.Resources;
import java.util.Objects;

/** Resources of one agent offered to one framework, created at {@code createdMillis} by the master's clock. */
public record Offer(OfferId id, FrameworkId frameworkId, AgentId agentId, Resources resources, long createdMillis) {
  public Offer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(frameworkId, "frameworkId");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(resources, "resources");
  }
}
