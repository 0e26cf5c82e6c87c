package io.meseta.core.resources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** An immutable set of integers held as sorted, disjoint, non-adjacent inclusive ranges. */
public final class RangeSet {
  public static final RangeSet EMPTY = new RangeSet(List.of());

  private final List<Range> ranges;

  private RangeSet(List<Range> normalized) {
    this.ranges = List.copyOf(normalized);
  }

  public static RangeSet of(Collection<Range> ranges) {
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(null);
    List<Range> merged = new ArrayList<>();
    for (Range r : sorted) {
      if (!merged.isEmpty() && merged.get(merged.size() - 1).last() >= r.first() - 1) {
        Range prev = merged.remove(merged.size() - 1);
        merged.add(new Range(prev.first(), Math.max(prev.last(), r.last())));
      } else {
        merged.add(r);
      }
    }
    return merged.isEmpty() ? EMPTY : new RangeSet(merged);
  }

  public static RangeSet of(Range... ranges) {
    return of(List.of(ranges));
  }

  public List<Range> ranges() {
    return ranges;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** How many integers the set holds. */
  public long count() {
    long n = 0;
    for (Range r : ranges) {
      n += r.size();
      if (n < 0) {
        return Long.MAX_VALUE;
      }
    }
    return n;
  }

  public RangeSet union(RangeSet other) {
    if (other.isEmpty()) {
      return this;
    }
    List<Range> all = new ArrayList<>(ranges);
    all.addAll(other.ranges);
    return of(all);
  }

  public boolean contains(RangeSet other) {
    for (Range r : other.ranges) {
      if (!containsRange(r)) {
        return false;
      }
    }
    return true;
  }

  public boolean contains(long value) {
    return containsRange(new Range(value, value));
  }

  private boolean containsRange(Range r) {
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Range m = ranges.get(mid);
      if (m.last() < r.first()) {
        lo = mid + 1;
      } else if (m.first() > r.first()) {
        hi = mid - 1;
      } else {
        return m.last() >= r.last();
      }
    }
    return false;
  }

  /** The values of this set that are not in {@code other}. */
  public RangeSet difference(RangeSet other) {
    if (other.isEmpty() || isEmpty()) {
      return this;
    }
    List<Range> out = new ArrayList<>();
    for (Range r : ranges) {
      long start = r.first();
      for (Range cut : other.ranges) {
        if (cut.last() < start || cut.first() > r.last()) {
          continue;
        }
        if (cut.first() > start) {
          out.add(new Range(start, cut.first() - 1));
        }
        if (cut.last() >= r.last()) {
          start = r.last() + 1;
          break;
        }
        start = Math.max(start, cut.last() + 1);
      }
      if (start <= r.last() && start >= r.first()) {
        out.add(new Range(start, r.last()));
      }
    }
    return of(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeSet other && ranges.equals(other.ranges);
  }

  @Override
  public int hashCode() {
    return ranges.hashCode();
  }

  @Override
  public String toString() {
    return ranges.stream().map(Range::toString).collect(Collectors.joining(",", "[", "]"));
  }
}
