package io.meseta.batch.framework;

import io.meseta.batch.plan.PlannedTask;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the launchable tasks want to run, as {@code FrameworkClient.setLocality} takes it: for
 * every host (lower case) and rack, how many launchable tasks have a replica of their split there
 * (a split on two hosts counts for both, either would do).
 */
public record LocalityWishes(Map<String, Integer> hosts, Map<String, Integer> racks) {
  public static final LocalityWishes NONE = new LocalityWishes(Map.of(), Map.of());

  public LocalityWishes {
    hosts = Collections.unmodifiableMap(new TreeMap<>(hosts));
    racks = Collections.unmodifiableMap(new TreeMap<>(racks));
  }

  public static LocalityWishes of(List<PlannedTask> launchable) {
    Map<String, Integer> hosts = new TreeMap<>();
    Map<String, Integer> racks = new TreeMap<>();
    for (PlannedTask t : launchable) {
      t.split().ifPresent(s -> {
        s.hosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).distinct().forEach(h -> hosts.merge(h, 1, Integer::sum));
        s.racks().stream().distinct().forEach(r -> racks.merge(r, 1, Integer::sum));
      });
    }
    return new LocalityWishes(hosts, racks);
  }

  public boolean isEmpty() {
    return hosts.isEmpty() && racks.isEmpty();
  }
}
