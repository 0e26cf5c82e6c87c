package io.meseta.core.resources;

/** An inclusive range of non-negative integers, such as ports 31000-32000. */
public record Range(long first, long last) implements Comparable<Range> {
  public Range {
    if (first < 0 || last < first) {
      throw new InvalidResourcesException("invalid range [" + first + "-" + last
          + "]: bounds must be non-negative and first <= last");
    }
  }

  /** How many values the range holds (Long.MAX_VALUE for [0-Long.MAX_VALUE], which holds one more). */
  public long size() {
    long n = last - first + 1;
    return n < 0 ? Long.MAX_VALUE : n;
  }

  @Override
  public int compareTo(Range o) {
    return first != o.first ? Long.compare(first, o.first) : Long.compare(last, o.last);
  }

  @Override
  public String toString() {
    return first + "-" + last;
  }
}
