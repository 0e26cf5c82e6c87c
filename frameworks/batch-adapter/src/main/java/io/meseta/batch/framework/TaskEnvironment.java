package io.meseta.batch.framework;

import io.meseta.batch.engine.Attempt;
import io.meseta.batch.plan.JobPlan;
import io.meseta.batch.plan.PlannedTask;
import java.util.Map;
import java.util.TreeMap;

/** The environment variables through which a batch task learns its job, split and attempt. */
public final class TaskEnvironment {
  public static final String JOB_ID = "MESETA_JOB_ID";
  public static final String JOB_NAME = "MESETA_JOB_NAME";
  public static final String JOB_OUTPUT_DIR = "MESETA_JOB_OUTPUT_DIR";
  public static final String STAGE = "MESETA_STAGE";
  public static final String TASK_KEY = "MESETA_TASK_KEY";
  public static final String ATTEMPT = "MESETA_ATTEMPT";
  public static final String SPLIT_PATH = "MESETA_SPLIT_PATH";
  public static final String SPLIT_OFFSET = "MESETA_SPLIT_OFFSET";
  public static final String SPLIT_LENGTH = "MESETA_SPLIT_LENGTH";
  public static final String SPLIT_INDEX = "MESETA_SPLIT_INDEX";

  private TaskEnvironment() {}

  /** The spec's {@code env}, then the batch variables (which win). */
  public static Map<String, String> of(JobPlan plan, PlannedTask task, Attempt attempt) {
    Map<String, String> env = new TreeMap<>(task.spec().env());
    env.put(JOB_ID, plan.jobId());
    env.put(JOB_NAME, plan.spec().name());
    plan.spec().outputDir().ifPresent(d -> env.put(JOB_OUTPUT_DIR, d));
    env.put(STAGE, task.stage());
    env.put(TASK_KEY, task.key());
    env.put(ATTEMPT, Integer.toString(attempt.number()));
    task.split().ifPresent(s -> {
      env.put(SPLIT_PATH, s.path().toString());
      env.put(SPLIT_OFFSET, Long.toString(s.offset()));
      env.put(SPLIT_LENGTH, Long.toString(s.length()));
      env.put(SPLIT_INDEX, Integer.toString(task.index()));
    });
    return env;
  }
}
