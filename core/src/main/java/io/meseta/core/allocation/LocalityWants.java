package io.meseta.core.allocation;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a framework would like its next tasks: host names and racks, each with how many tasks it
 * would run there. Host names compare without case. A framework states its whole wish each time
 * (it replaces the previous one); the allocator counts launches down against it.
 */
public record LocalityWants(Map<String, Integer> hosts, Map<String, Integer> racks) {
  public static final LocalityWants NONE = new LocalityWants(Map.of(), Map.of());

  public LocalityWants {
    hosts = normalize(hosts, "host", true);
    racks = normalize(racks, "rack", false);
  }

  private static Map<String, Integer> normalize(Map<String, Integer> in, String what, boolean lowerCase) {
    Objects.requireNonNull(in, what + "s");
    TreeMap<String, Integer> out = new TreeMap<>();
    in.forEach((name, count) -> {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a " + what + " name must not be empty");
      }
      if (count == null || count < 0) {
        throw new IllegalArgumentException("the task count for " + what + " '" + name
            + "' must not be negative, got " + count);
      }
      if (count > 0) {
        out.merge(lowerCase ? name.toLowerCase(Locale.ROOT) : name, count, Integer::sum);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  public boolean isEmpty() {
    return hosts.isEmpty() && racks.isEmpty();
  }

  /** How close an agent on {@code host} in {@code rack} is to these wants. */
  public LocalityLevel levelOf(String host, String rack) {
    if (hosts.containsKey(host.toLowerCase(Locale.ROOT))) {
      return LocalityLevel.NODE_LOCAL;
    }
    return racks.containsKey(rack) ? LocalityLevel.RACK_LOCAL : LocalityLevel.ANY;
  }

  /** These wants less {@code tasks} launched on {@code host} in {@code rack}. */
  public LocalityWants launched(String host, String rack, int tasks) {
    Map<String, Integer> h = new TreeMap<>(hosts);
    Map<String, Integer> r = new TreeMap<>(racks);
    h.computeIfPresent(host.toLowerCase(Locale.ROOT), (k, n) -> Math.max(0, n - tasks));
    r.computeIfPresent(rack, (k, n) -> Math.max(0, n - tasks));
    return new LocalityWants(h, r);
  }
}
