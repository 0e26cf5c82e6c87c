package io.meseta.core.allocation;

import io.meseta.core.resources.Resources;
import java.util.Arrays;

/**
 * Mutable scalar amounts (in thousandths) indexed by {@link ResourceKinds}: the allocator's cheap
 * form of "how much" for dominant shares. Ranges (ports) are not counted, as in Mesos's DRF
 * sorter: they are per-agent identifiers, not a divisible quantity.
 */
final class Quantities {
  private static final double SCALE = 1000.0;

  private final ResourceKinds kinds;
  private long[] amounts;

  Quantities(ResourceKinds kinds) {
    this.kinds = kinds;
    this.amounts = new long[Math.max(4, kinds.size())];
  }

  static Quantities of(ResourceKinds kinds, Resources resources) {
    Quantities q = new Quantities(kinds);
    q.add(resources);
    return q;
  }

  void add(Resources resources) {
    for (String name : resources.scalarNames()) {
      int i = kinds.indexOf(name);
      ensure(i);
      amounts[i] += Math.round(resources.scalar(name) * SCALE);
    }
  }

  void add(Quantities other) {
    ensure(other.amounts.length - 1);
    long[] o = other.amounts;
    for (int i = 0; i < o.length; i++) {
      amounts[i] += o[i];
    }
  }

  /** Subtracts {@code other}; the caller has checked that it is {@linkplain #contains contained}. */
  void subtract(Quantities other) {
    ensure(other.amounts.length - 1);
    long[] o = other.amounts;
    for (int i = 0; i < o.length; i++) {
      amounts[i] -= o[i];
    }
  }

  boolean contains(Quantities other) {
    long[] o = other.amounts;
    for (int i = 0; i < o.length; i++) {
      if (o[i] > (i < amounts.length ? amounts[i] : 0)) {
        return false;
      }
    }
    return true;
  }

  void clear() {
    Arrays.fill(amounts, 0);
  }

  boolean isZero() {
    for (long a : amounts) {
      if (a != 0) {
        return false;
      }
    }
    return true;
  }

  /** The largest fraction of {@code total} held here over the kinds the total has. */
  double dominantShare(Quantities total) {
    double max = 0.0;
    long[] t = total.amounts;
    int n = Math.min(amounts.length, t.length);
    for (int i = 0; i < n; i++) {
      if (amounts[i] > 0 && t[i] > 0) {
        double share = amounts[i] / (double) t[i];
        if (share > max) {
          max = share;
        }
      }
    }
    return max;
  }

  private void ensure(int index) {
    if (index >= amounts.length) {
      amounts = Arrays.copyOf(amounts, Math.max(index + 1, amounts.length * 2));
    }
  }
}
