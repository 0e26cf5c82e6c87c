package io.meseta.master.durable;

import io.meseta.core.ids.AgentId;
import io.meseta.core.resources.Resources;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** A registered agent as the registry keeps it: enough to reach it and to know what it offers. */
public record StoredAgent(AgentId id, String hostname, int port, Resources total,
    SortedMap<String, String> attributes) {

  public StoredAgent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(total, "total");
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }
}
