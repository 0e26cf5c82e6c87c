package io.meseta.spark.quickstart;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts finished tasks by locality level ({@code PROCESS_LOCAL}, {@code NODE_LOCAL},
 * {@code NO_PREF}, {@code RACK_LOCAL}, {@code ANY}) per stage, and records each executor's host.
 * Register it with {@code SparkContext.addSparkListener}.
 */
public final class LocalityTally extends SparkListener {
  private final ConcurrentMap<Integer, ConcurrentMap<String, Integer>> byStage = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, String> executorHosts = new ConcurrentHashMap<>();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.taskInfo() != null && end.taskInfo().successful()) {
      byStage.computeIfAbsent(end.stageId(), s -> new ConcurrentHashMap<>())
          .merge(end.taskInfo().taskLocality().toString(), 1, Integer::sum);
    }
  }

  @Override
  public void onExecutorAdded(SparkListenerExecutorAdded added) {
    executorHosts.put(added.executorId(), added.executorInfo().executorHost());
  }

  /** Successful tasks per locality level of one stage. */
  public Map<String, Integer> stage(int stageId) {
    return new TreeMap<>(byStage.getOrDefault(stageId, new ConcurrentHashMap<>()));
  }

  /** Successful tasks per locality level over all stages. */
  public Map<String, Integer> all() {
    Map<String, Integer> out = new TreeMap<>();
    byStage.values().forEach(m -> m.forEach((k, v) -> out.merge(k, v, Integer::sum)));
    return out;
  }

  /** Host of every executor that was added, by executor id. */
  public Map<String, String> executorHosts() {
    return new TreeMap<>(executorHosts);
  }

  /** Share of {@code level} among {@code counts} (0 when there are none). */
  public static double share(Map<String, Integer> counts, String level) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    return total == 0 ? 0 : counts.getOrDefault(level, 0) / (double) total;
  }
}
