package io.meseta.core.allocation;

import java.time.Duration;
import java.util.Objects;

/**
 * Delay scheduling: how long a framework with locality preferences passes up offers that are not
 * node-local before it takes rack-local ones ({@code node}), and then how much longer before it
 * takes any ({@code rack}). Zero waits turn locality into a mere tie-break.
 */
public record LocalityWaits(Duration node, Duration rack) {
  /** 1 s on node level, another 1 s on rack level. */
  public static final LocalityWaits DEFAULT = new LocalityWaits(Duration.ofSeconds(1), Duration.ofSeconds(1));

  public LocalityWaits {
    Objects.requireNonNull(node, "node wait");
    Objects.requireNonNull(rack, "rack wait");
    if (node.isNegative() || rack.isNegative()) {
      throw new IllegalArgumentException("locality waits must not be negative, got node " + node + ", rack " + rack);
    }
  }
}
