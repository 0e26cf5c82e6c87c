package io.meseta.cli.run;

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

  private static void requireNotNegative(Duration d, String what) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("the " + what + " must not be negative, got " + d);
    }
  }
}
