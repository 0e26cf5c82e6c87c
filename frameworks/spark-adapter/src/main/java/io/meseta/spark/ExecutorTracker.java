package io.meseta.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The executors of one application and how many it wants. Plain state, no I/O and no locks: the
 * backend guards it. An executor counts from its launch until its task ends; the Meseta task of
 * executor {@code N} is {@code executor-N}.
 */
public final class ExecutorTracker {
  /** One executor task. */
  public record Executor(String executorId, String taskId, String agentId, String hostname, String rack,
      boolean running) {
    Executor asRunning() {
      return new Executor(executorId, taskId, agentId, hostname, rack, true);
    }
  }

  private static final String TASK_PREFIX = "executor-";

  private final int maxExecutors;
  private final Map<String, Executor> byTask = new TreeMap<>();
  private int target;
  private int nextId = 1;

  public ExecutorTracker(int initialTarget, int maxExecutors) {
    this.maxExecutors = maxExecutors;
    this.target = Math.min(initialTarget, maxExecutors);
  }

  /** Spark's wish (dynamic allocation), capped by {@code spark.cores.max}. */
  public void setTarget(int total) {
    target = Math.max(0, Math.min(total, maxExecutors));
  }

  public int target() {
    return target;
  }

  /** Executors launched whose tasks have not ended. */
  public int alive() {
    return byTask.size();
  }

  /** How many more executors to launch now. */
  public int wanted() {
    return Math.max(0, target - byTask.size());
  }

  /** Records a launch on an agent, giving the executor the next id. */
  public Executor launch(String agentId, String hostname, String rack) {
    String id = Integer.toString(nextId++);
    Executor e = new Executor(id, TASK_PREFIX + id, agentId, hostname, rack, false);
    byTask.put(e.taskId(), e);
    return e;
  }

  /** The task is running. */
  public void running(String taskId) {
    byTask.computeIfPresent(taskId, (k, e) -> e.asRunning());
  }

  /** The task ended (or its launch failed): forgets it, returning it if it was known. */
  public Optional<Executor> ended(String taskId) {
    return Optional.ofNullable(byTask.remove(taskId));
  }

  /** The task of an executor id, if it is alive. */
  public Optional<String> taskOf(String executorId) {
    String taskId = TASK_PREFIX + executorId;
    return byTask.containsKey(taskId) ? Optional.of(taskId) : Optional.empty();
  }

  /** Alive executors per host name. */
  public Map<String, Integer> perHost() {
    Map<String, Integer> out = new TreeMap<>();
    byTask.values().forEach(e -> out.merge(e.hostname(), 1, Integer::sum));
    return out;
  }

  /** Alive executors per agent id. */
  public Map<String, Integer> perAgent() {
    Map<String, Integer> out = new TreeMap<>();
    byTask.values().forEach(e -> out.merge(e.agentId(), 1, Integer::sum));
    return out;
  }

  /** Alive executors per rack, host and agent, for the planner. */
  public OfferPlanner.Spread spread() {
    Map<String, Integer> racks = new TreeMap<>();
    byTask.values().forEach(e -> racks.merge(e.rack(), 1, Integer::sum));
    return new OfferPlanner.Spread(racks, perHost(), perAgent());
  }

  public List<Executor> executors() {
    return new ArrayList<>(byTask.values());
  }
}
