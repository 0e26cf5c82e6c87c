package io.meseta.batch.framework;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the framework tells the master where its launchable tasks' data is, and the delay
 * scheduling waits it asks for (empty: the master's defaults).
 */
public record LocalityOptions(boolean stateWishes, Optional<Duration> nodeWait, Optional<Duration> rackWait) {
  public static final LocalityOptions DEFAULT = new LocalityOptions(true, Optional.empty(), Optional.empty());
  public static final LocalityOptions NONE = new LocalityOptions(false, Optional.empty(), Optional.empty());

  public LocalityOptions {
    Objects.requireNonNull(nodeWait, "nodeWait");
    Objects.requireNonNull(rackWait, "rackWait");
  }
}
