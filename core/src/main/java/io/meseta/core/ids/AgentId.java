package io.meseta.core.ids;

/** Identifies one agent. Compared by value; ordered so that iteration is deterministic. */
public record AgentId(String value) implements Comparable<AgentId> {
  public AgentId {
    Ids.check("agent id", value);
  }

  public static AgentId of(String value) {
    return new AgentId(value);
  }

  @Override
  public int compareTo(AgentId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
