package io.meseta.cli.run;

import io.meseta.core.allocation.LocalityLevel;
import io.meseta.core.allocation.LocalityWaits;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether {@code meseta run} tells the master where its tasks' data is, and the delay scheduling
 * waits it asks for (empty: the master's defaults).
 */
public record LocalityOptions(boolean stateWishes, Optional<Duration> nodeWait, Optional<Duration> rackWait) {
  /** No wishes: every offer is ANY and tasks go wherever there is room. */
  public static final LocalityOptions NONE = new LocalityOptions(false, Optional.empty(), Optional.empty());

  public LocalityOptions {
    Objects.requireNonNull(nodeWait, "nodeWait");
    Objects.requireNonNull(rackWait, "rackWait");
    nodeWait.ifPresent(w -> requireNotNegative(w, "node wait"));
    rackWait.ifPresent(w -> requireNotNegative(w, "rack wait"));
  }

  /** Wishes with the given waits. */
  public static LocalityOptions wishes(Optional<Duration> nodeWait, Optional<Duration> rackWait) {
    return new LocalityOptions(true, nodeWait, rackWait);
  }

  /**
   * The locality an offer may be used at, {@code sinceWishes} after the wishes were first stated.
   * Offers made before the master had them say ANY, though a local offer may be a moment away:
   * until the node wait has passed only node-local use is allowed, then rack-local until the rack
   * wait has passed too (the master's default waits where none were asked for).
   */
  public LocalityLevel cap(LocalityLevel offered,
      Duration sinceWishes) {
    if (!stateWishes) {
      return offered;
    }
    Duration node = nodeWait.orElse(LocalityWaits.DEFAULT.node());
    Duration rack = rackWait.orElse(LocalityWaits.DEFAULT.rack());
    LocalityLevel allowed = sinceWishes.compareTo(node) < 0
        ? LocalityLevel.NODE_LOCAL
        : sinceWishes.compareTo(node.plus(rack)) < 0 ? LocalityLevel.RACK_LOCAL
        : LocalityLevel.ANY;
    return offered.compareTo(allowed) <= 0 ? offered : allowed;
  }

  private static void requireNotNegative(Duration d, String what) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("the " + what + " must not be negative, got " + d);
    }
  }
}
