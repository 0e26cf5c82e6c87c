package io.meseta.core.allocation;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** What the allocator knows of an agent besides its resources (used for placement later). */
public record AgentProfile(String hostname, SortedMap<String, String> attributes) {
  public AgentProfile {
    Objects.requireNonNull(hostname, "hostname");
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  public static AgentProfile of(String hostname, Map<String, String> attributes) {
    return new AgentProfile(hostname, new TreeMap<>(attributes));
  }

  public static AgentProfile of(String hostname) {
    return of(hostname, Map.of());
  }
}
