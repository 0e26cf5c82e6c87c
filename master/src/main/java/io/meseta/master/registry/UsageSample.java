package io.meseta.master.registry;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a running task's container used when its agent last sampled it.
 *
 * @param cpuSeconds       CPU time since the container started (user and system, all cores)
 * @param memoryBytes      memory in use
 * @param memoryLimitBytes its memory limit, if it has one
 * @param processes        processes in the container
 * @param sampledAtMillis  when the agent took the sample (the agent's clock)
 */
public record UsageSample(double cpuSeconds, long memoryBytes, OptionalLong memoryLimitBytes, int processes,
    long sampledAtMillis) {

  /** @throws IllegalArgumentException naming the amount that is negative or not finite */
  public UsageSample {
    if (!Double.isFinite(cpuSeconds) || cpuSeconds < 0) {
      throw new IllegalArgumentException("cpu seconds must be finite and not negative, got " + cpuSeconds);
    }
    if (memoryBytes < 0) {
      throw new IllegalArgumentException("memory in use must not be negative, got " + memoryBytes);
    }
    Objects.requireNonNull(memoryLimitBytes, "memoryLimitBytes");
    if (memoryLimitBytes.isPresent() && memoryLimitBytes.getAsLong() < 0) {
      throw new IllegalArgumentException("the memory limit must not be negative, got " + memoryLimitBytes.getAsLong());
    }
    if (processes < 0) {
      throw new IllegalArgumentException("the process count must not be negative, got " + processes);
    }
  }
}
