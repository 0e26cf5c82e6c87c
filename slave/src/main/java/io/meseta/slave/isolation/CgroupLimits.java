package io.meseta.slave.isolation;

import java.util.OptionalLong;

/**
 * The limits of one container's cgroup, in kernel units.
 *
 * @param cpus        the cpus it was given; 0 for no CPU shares and no quota
 * @param memoryBytes its memory limit (swap included: no swap beyond it); empty for none
 * @param pidsMax     the most tasks (processes and threads) it may have
 */
record CgroupLimits(double cpus, OptionalLong memoryBytes, long pidsMax) {
  /** The CFS period: 100 ms, the kernel's default. */
  static final long PERIOD_MICROS = 100_000;
  private static final long MIN_QUOTA_MICROS = 1_000;
  private static final long SHARES_PER_CPU = 1024;
  private static final long MIN_SHARES = 2;
  private static final long MAX_SHARES = 262_144;

  static CgroupLimits of(IsolationRequest request, long pidsMax) {
    long memory = request.memoryBytes();
    return new CgroupLimits(request.resources().cpus(),
        memory > 0 ? OptionalLong.of(memory) : OptionalLong.empty(), pidsMax);
  }

  boolean limitsCpu() {
    return cpus > 0;
  }

  /** v1 {@code cpu.shares}: 1024 per cpu. */
  long shares() {
    return Math.max(MIN_SHARES, Math.min(MAX_SHARES, Math.round(cpus * SHARES_PER_CPU)));
  }

  /** v2 {@code cpu.weight} for the same shares, as runc and systemd convert them (1..10000). */
  long weight() {
    return 1 + ((shares() - MIN_SHARES) * 9999) / (MAX_SHARES - MIN_SHARES);
  }

  /** CFS quota per {@link #PERIOD_MICROS}: cpus x period. */
  long quotaMicros() {
    return Math.max(MIN_QUOTA_MICROS, Math.round(cpus * PERIOD_MICROS));
  }
}
