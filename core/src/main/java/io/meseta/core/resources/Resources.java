package io.meseta.core.resources;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable bag of named resources: scalars (cpus, mem and disk in MB, gpus, any other name)
 * and integer ranges (ports). Scalars are held in thousandths, so that adding and subtracting
 * many small amounts never drifts. Negative, NaN and infinite amounts are rejected; zero amounts
 * and empty ranges are dropped, so two bags with the same contents are equal.
 *
 * <p>The text form, used by flags and config files, is {@code cpus:4;mem:8192;ports:[31000-32000]}.
 */
public final class Resources {
  public static final String CPUS = "cpus";
  public static final String MEM = "mem";
  public static final String DISK = "disk";
  public static final String PORTS = "ports";
  public static final String GPUS = "gpus";

  /** Scalars are stored in units of 1/SCALE. */
  private static final long SCALE = 1000;

  public static final Resources EMPTY = new Resources(new TreeMap<>(), new TreeMap<>());

  private final SortedMap<String, Long> scalars;
  private final SortedMap<String, RangeSet> ranges;

  private Resources(SortedMap<String, Long> scalars, SortedMap<String, RangeSet> ranges) {
    this.scalars = Collections.unmodifiableSortedMap(scalars);
    this.ranges = Collections.unmodifiableSortedMap(ranges);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A bag of cpus and mem (MB), the common case in tests and simple frameworks. */
  public static Resources cpusMem(double cpus, double memMb) {
    return builder().scalar(CPUS, cpus).scalar(MEM, memMb).build();
  }

  /** Parses {@code name:amount;name:[a-b,c-d];...}. */
  public static Resources parse(String text) {
    return ResourcesText.parse(text);
  }

  public double scalar(String name) {
    Long v = scalars.get(name);
    return v == null ? 0.0 : v / (double) SCALE;
  }

  public double cpus() {
    return scalar(CPUS);
  }

  public double mem() {
    return scalar(MEM);
  }

  public double disk() {
    return scalar(DISK);
  }

  public RangeSet ranges(String name) {
    return ranges.getOrDefault(name, RangeSet.EMPTY);
  }

  public RangeSet ports() {
    return ranges(PORTS);
  }

  public Set<String> scalarNames() {
    return scalars.keySet();
  }

  public Set<String> rangeNames() {
    return ranges.keySet();
  }

  /** All resource names, sorted. */
  public Set<String> names() {
    Set<String> all = new TreeSet<>(scalars.keySet());
    all.addAll(ranges.keySet());
    return all;
  }

  public boolean isEmpty() {
    return scalars.isEmpty() && ranges.isEmpty();
  }

  public Resources plus(Resources other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    checkSameKinds(other);
    TreeMap<String, Long> s = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> s.merge(k, v, Math::addExact));
    TreeMap<String, RangeSet> r = new TreeMap<>(ranges);
    other.ranges.forEach((k, v) -> r.merge(k, v, RangeSet::union));
    return new Resources(s, r);
  }

  /** Rejects adding a name that is a scalar in one bag and ranges in the other. */
  private void checkSameKinds(Resources other) {
    for (String k : other.scalars.keySet()) {
      if (ranges.containsKey(k)) {
        throw new InvalidResourcesException("cannot add scalar '" + k + "' to ranges '" + k + "'");
      }
    }
    for (String k : other.ranges.keySet()) {
      if (scalars.containsKey(k)) {
        throw new InvalidResourcesException("cannot add ranges '" + k + "' to scalar '" + k + "'");
      }
    }
  }

  /** True when every amount and range of {@code other} is held here. */
  public boolean contains(Resources other) {
    for (Map.Entry<String, Long> e : other.scalars.entrySet()) {
      if (scalars.getOrDefault(e.getKey(), 0L) < e.getValue()) {
        return false;
      }
    }
    for (Map.Entry<String, RangeSet> e : other.ranges.entrySet()) {
      if (!ranges(e.getKey()).contains(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * This bag less {@code other}.
   *
   * @throws InvalidResourcesException if {@code other} is not contained in this bag
   */
  public Resources minus(Resources other) {
    if (!contains(other)) {
      throw new InvalidResourcesException("cannot subtract " + other + " from " + this
          + ": not contained");
    }
    return minusAtMost(other);
  }

  /** This bag less whatever of {@code other} it holds (amounts never go below zero). */
  public Resources minusAtMost(Resources other) {
    TreeMap<String, Long> s = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> {
      Long have = s.get(k);
      if (have != null) {
        long left = have - v;
        if (left > 0) {
          s.put(k, left);
        } else {
          s.remove(k);
        }
      }
    });
    TreeMap<String, RangeSet> r = new TreeMap<>(ranges);
    other.ranges.forEach((k, v) -> {
      RangeSet have = r.get(k);
      if (have != null) {
        RangeSet left = have.difference(v);
        if (left.isEmpty()) {
          r.remove(k);
        } else {
          r.put(k, left);
        }
      }
    });
    return new Resources(s, r);
  }

  /**
   * The largest fraction this bag takes of {@code total} over all of the total's resource kinds
   * (a range counts by how many values it holds): the DRF dominant share. Kinds absent from the
   * total are ignored.
   */
  public double dominantShare(Resources total) {
    double max = 0.0;
    for (Map.Entry<String, Long> e : scalars.entrySet()) {
      Long t = total.scalars.get(e.getKey());
      if (t != null && t > 0) {
        max = Math.max(max, e.getValue() / (double) t);
      }
    }
    for (Map.Entry<String, RangeSet> e : ranges.entrySet()) {
      long t = total.ranges(e.getKey()).count();
      if (t > 0) {
        max = Math.max(max, e.getValue().count() / (double) t);
      }
    }
    return max;
  }

  /** Only the scalar resources of this bag. */
  public Resources scalarsOnly() {
    return ranges.isEmpty() ? this : new Resources(new TreeMap<>(scalars), new TreeMap<>());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Resources other && scalars.equals(other.scalars) && ranges.equals(other.ranges);
  }

  @Override
  public int hashCode() {
    return scalars.hashCode() * 31 + ranges.hashCode();
  }

  /** The text form accepted by {@link #parse}. */
  @Override
  public String toString() {
    return ResourcesText.format(this);
  }

  /** Builds a bag, validating each amount as it is added. */
  public static final class Builder {
    private final TreeMap<String, Long> scalars = new TreeMap<>();
    private final TreeMap<String, RangeSet> ranges = new TreeMap<>();

    private Builder() {}

    public Builder scalar(String name, double amount) {
      checkName(name);
      if (Double.isNaN(amount) || Double.isInfinite(amount)) {
        throw new InvalidResourcesException("resource '" + name + "' has a non-finite amount: " + amount);
      }
      if (amount < 0) {
        throw new InvalidResourcesException("resource '" + name + "' has a negative amount: " + amount);
      }
      if (amount > Long.MAX_VALUE / (double) SCALE / 4) {
        throw new InvalidResourcesException("resource '" + name + "' is too large: " + amount);
      }
      if (ranges.containsKey(name)) {
        throw new InvalidResourcesException("resource '" + name + "' is given both as ranges and as a scalar");
      }
      long thousandths = Math.round(amount * SCALE);
      if (thousandths > 0) {
        scalars.merge(name, thousandths, Math::addExact);
      }
      return this;
    }

    public Builder ranges(String name, RangeSet set) {
      checkName(name);
      if (scalars.containsKey(name)) {
        throw new InvalidResourcesException("resource '" + name + "' is given both as a scalar and as ranges");
      }
      if (!set.isEmpty()) {
        ranges.merge(name, set, RangeSet::union);
      }
      return this;
    }

    public Builder ranges(String name, Range... rs) {
      return ranges(name, RangeSet.of(rs));
    }

    public Builder add(Resources other) {
      other.scalars.forEach((k, v) -> scalar(k, v / (double) SCALE));
      other.ranges.forEach(this::ranges);
      return this;
    }

    public Resources build() {
      if (scalars.isEmpty() && ranges.isEmpty()) {
        return EMPTY;
      }
      return new Resources(new TreeMap<>(scalars), new TreeMap<>(ranges));
    }

    private static void checkName(String name) {
      if (name == null || !name.matches("[a-z][a-z0-9_.-]{0,63}")) {
        throw new InvalidResourcesException("invalid resource name '" + name
            + "': use lower-case letters, digits, '_', '.', '-', starting with a letter");
      }
    }
  }
}
