package io.meseta.core.allocation;

import io.meseta.core.resources.Resources;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Allocator settings.
 *
 * @param minAllocatable an agent's free resources are offered only if they contain at least one
 *                       of these bags (default: 0.01 cpus, or 32 MB of mem)
 * @param roleWeights    weight per role (default 1.0 for roles not named); a role's dominant share
 *                       is divided by its weight when roles are ordered
 * @param localityWaits  delay scheduling waits of frameworks that do not set their own
 */
public record AllocatorConfig(List<Resources> minAllocatable, Map<String, Double> roleWeights,
    LocalityWaits localityWaits) {
  public static final AllocatorConfig DEFAULT = new AllocatorConfig(
      List.of(Resources.builder().scalar(Resources.CPUS, 0.01).build(),
          Resources.builder().scalar(Resources.MEM, 32).build()),
      Map.of(), LocalityWaits.DEFAULT);

  public AllocatorConfig(List<Resources> minAllocatable, Map<String, Double> roleWeights) {
    this(minAllocatable, roleWeights, LocalityWaits.DEFAULT);
  }

  public AllocatorConfig {
    java.util.Objects.requireNonNull(localityWaits, "localityWaits");
    minAllocatable = List.copyOf(minAllocatable);
    roleWeights = java.util.Collections.unmodifiableMap(new TreeMap<>(roleWeights));
    roleWeights.forEach((role, w) -> {
      if (w == null || !(w > 0) || w.isInfinite()) {
        throw new IllegalArgumentException("weight of role '" + role + "' must be a positive number, got " + w);
      }
    });
  }

  public double weight(String role) {
    return roleWeights.getOrDefault(role, 1.0);
  }

  public AllocatorConfig withRoleWeights(Map<String, Double> weights) {
    return new AllocatorConfig(minAllocatable, weights, localityWaits);
  }

  public AllocatorConfig withLocalityWaits(LocalityWaits waits) {
    return new AllocatorConfig(minAllocatable, roleWeights, waits);
  }
}
