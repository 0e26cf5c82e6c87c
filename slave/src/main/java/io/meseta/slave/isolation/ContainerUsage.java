package io.meseta.slave.isolation;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a container uses at one moment.
 *
 * @param cpuTime           CPU time its processes used since it started (user and system, all cores)
 * @param memoryBytes       memory in use: the cgroup's charge (page cache included) or, for the posix
 *                          isolator, the resident set size summed over its processes
 * @param memoryLimitBytes  its memory limit, if it has one
 * @param processes         how many processes it has now
 */
public record ContainerUsage(Duration cpuTime, long memoryBytes, OptionalLong memoryLimitBytes, int processes) {

  public ContainerUsage {
    Objects.requireNonNull(cpuTime, "cpuTime");
    Objects.requireNonNull(memoryLimitBytes, "memoryLimitBytes");
    if (cpuTime.isNegative() || memoryBytes < 0 || processes < 0) {
      throw new IllegalArgumentException("usage must not be negative: cpu " + cpuTime + ", memory " + memoryBytes
          + ", processes " + processes);
    }
  }
}
