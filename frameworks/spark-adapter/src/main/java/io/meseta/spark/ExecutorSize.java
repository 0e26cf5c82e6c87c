package io.meseta.spark;

import io.meseta.core.resources.Resources;

/**
 * What one executor takes: its cores and heap, and the memory overhead that the Meseta task
 * asks for on top of the heap.
 *
 * @param cores      {@code spark.executor.cores}, also the task's cpus
 * @param heapMb     {@code spark.executor.memory}, the executor's {@code -Xmx}
 * @param overheadMb {@code spark.executor.memoryOverhead}, or max(384, 10 % of the heap)
 */
public record ExecutorSize(int cores, long heapMb, long overheadMb) {
  public ExecutorSize {
    if (cores < 1) {
      throw new IllegalArgumentException("spark.executor.cores must be at least 1, got " + cores);
    }
    if (heapMb < 1) {
      throw new IllegalArgumentException("spark.executor.memory must be positive, got " + heapMb + " MB");
    }
    if (overheadMb < 0) {
      throw new IllegalArgumentException("spark.executor.memoryOverhead must not be negative, got " + overheadMb
          + " MB");
    }
  }

  /** The Meseta resources of one executor task. */
  public Resources resources() {
    return Resources.cpusMem(cores, heapMb + overheadMb);
  }

  @Override
  public String toString() {
    return "cpus:" + cores + ", mem:" + (heapMb + overheadMb) + " MB (spark.executor.memory " + heapMb
        + " MB + overhead " + overheadMb + " MB)";
  }
}
