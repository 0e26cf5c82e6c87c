package io.meseta.core.ids;

/** Identifies one offer. Compared by value; ordered so that iteration is deterministic. */
public record OfferId(String value) implements Comparable<OfferId> {
  public OfferId {
    Ids.check("offer id", value);
  }

  public static OfferId of(String value) {
    return new OfferId(value);
  }

  @Override
  public int compareTo(OfferId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
