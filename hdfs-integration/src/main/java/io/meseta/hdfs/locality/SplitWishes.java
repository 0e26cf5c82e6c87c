package io.meseta.hdfs.locality;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where waiting work wants to run, as {@code FrameworkClient.setLocality} takes it: for every host
 * (lower case) and rack, how many pieces of work have a replica of their split there (a split on
 * two hosts counts for both, either would do).
 */
public record SplitWishes(Map<String, Integer> hosts, Map<String, Integer> racks) {
  public static final SplitWishes NONE = new SplitWishes(Map.of(), Map.of());

  public SplitWishes {
    hosts = Collections.unmodifiableMap(new TreeMap<>(hosts));
    racks = Collections.unmodifiableMap(new TreeMap<>(racks));
  }

  /** The wishes of {@code waiting}; work without a split wants nothing in particular. */
  public static SplitWishes of(Collection<? extends OnSplit> waiting) {
    Map<String, Integer> hosts = new TreeMap<>();
    Map<String, Integer> racks = new TreeMap<>();
    for (OnSplit w : waiting) {
      w.split().ifPresent(s -> {
        s.hosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).distinct().forEach(h -> hosts.merge(h, 1, Integer::sum));
        s.racks().stream().distinct().forEach(r -> racks.merge(r, 1, Integer::sum));
      });
    }
    return new SplitWishes(hosts, racks);
  }

  public boolean isEmpty() {
    return hosts.isEmpty() && racks.isEmpty();
  }
}
