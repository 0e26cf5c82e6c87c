package io.meseta.hdfs.locality;

import java.util.Locale;
import java.util.Optional;

/**
 * A piece of work that may process a split: where its data is, for placing it on offers (see
 * {@link LocalFirst}). Host names compare without case, as DNS names do.
 */
public interface OnSplit {
  /** The split the work processes; empty for work without input. */
  Optional<Split> split();

  /** Whether the work has data with known hosts; other work runs equally well anywhere. */
  default boolean hasLocations() {
    return split().isPresent() && !split().get().hosts().isEmpty();
  }

  /** Whether a replica of the split is on {@code host}. */
  default boolean isOnHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return split().isPresent() && split().get().hosts().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(h));
  }

  /** Whether a replica of the split is in {@code rack}. */
  default boolean isInRack(String rack) {
    return split().isPresent() && split().get().racks().contains(rack);
  }
}
