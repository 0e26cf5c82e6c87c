package io.meseta.batch.spec;

import io.meseta.core.resources.Resources;

/**
 * What one task needs: CPUs, memory in MB, disk in MB. Validated by {@link JobSpecValidator}
 * (finite, not negative, some CPU or memory), not here, so that a bad spec can be reported whole.
 */
public record TaskResources(double cpus, double mem, double disk) {
  /** {@code cpus: 0.1, mem: 64, disk: 0}. */
  public static final TaskResources DEFAULT = new TaskResources(0.1, 64, 0);

  /** As Meseta resources (disk left out when 0). */
  public Resources toResources() {
    Resources.Builder b = Resources.builder().scalar(Resources.CPUS, cpus).scalar(Resources.MEM, mem);
    if (disk > 0) {
      b.scalar(Resources.DISK, disk);
    }
    return b.build();
  }
}
