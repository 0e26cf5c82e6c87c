package io.meseta.core.ids;

/** Identifies one framework. Compared by value; ordered so that iteration is deterministic. */
public record FrameworkId(String value) implements Comparable<FrameworkId> {
  public FrameworkId {
    Ids.check("framework id", value);
  }

  public static FrameworkId of(String value) {
    return new FrameworkId(value);
  }

  @Override
  public int compareTo(FrameworkId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
