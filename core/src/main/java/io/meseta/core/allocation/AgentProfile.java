package io.meseta.core.allocation;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the allocator knows of an agent besides its resources: its host name and attributes. The
 * attribute {@code rack} names its rack (see {@link #rack()}).
 */
public record AgentProfile(String hostname, SortedMap<String, String> attributes) {
  public AgentProfile {
    Objects.requireNonNull(hostname, "hostname");
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  public static AgentProfile of(String hostname, Map<String, String> attributes) {
    return new AgentProfile(hostname, new TreeMap<>(attributes));
  }

  /** The attribute that names an agent's rack. */
  public static final String RACK_ATTRIBUTE = "rack";
  /** The rack of agents that do not name one, as in Hadoop. */
  public static final String DEFAULT_RACK = "/default-rack";

  /** The agent's rack: its {@code rack} attribute, else {@link #DEFAULT_RACK}. */
  public String rack() {
    return attributes.getOrDefault(RACK_ATTRIBUTE, DEFAULT_RACK);
  }

  public static AgentProfile of(String hostname) {
    return of(hostname, Map.of());
  }
}
