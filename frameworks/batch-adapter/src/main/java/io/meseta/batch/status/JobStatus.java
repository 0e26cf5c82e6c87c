package io.meseta.batch.status;

import io.meseta.batch.engine.JobPhase;
import io.meseta.batch.engine.TaskPhase;
import io.meseta.batch.engine.TaskRecord;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a job looks like at one moment: its phase, how many tasks are in each phase, where its data
 * tasks ran, and every task's record.
 */
public record JobStatus(String jobId, String name, JobPhase phase, long submittedAt, long endedAt,
    Map<TaskPhase, Integer> counts, Tally locality, List<TaskRecord> tasks) {
  public JobStatus {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phase, "phase");
    EnumMap<TaskPhase, Integer> c = new EnumMap<>(TaskPhase.class);
    c.putAll(counts);
    counts = Collections.unmodifiableMap(c);
    Objects.requireNonNull(locality, "locality");
    tasks = List.copyOf(tasks);
  }

  /** A status computed from the task records. */
  public static JobStatus of(String jobId, String name, JobPhase phase, long submittedAt, long endedAt,
      List<TaskRecord> tasks) {
    Map<TaskPhase, Integer> counts = new EnumMap<>(TaskPhase.class);
    tasks.forEach(r -> counts.merge(r.phase(), 1, Integer::sum));
    return new JobStatus(jobId, name, phase, submittedAt, endedAt, counts, Tally.of(tasks), tasks);
  }

  public int count(TaskPhase p) {
    return counts.getOrDefault(p, 0);
  }

  /** Tasks that reached a terminal phase. */
  public int done() {
    return tasks.stream().mapToInt(t -> t.phase().isTerminal() ? 1 : 0).sum();
  }

  /** {@code wordcount-x1 RUNNING 12/40 done (10 finished, 2 failed), 4 running}. */
  public String summary() {
    return jobId + " " + phase + " " + done() + "/" + tasks.size() + " done (" + count(TaskPhase.FINISHED)
        + " finished, " + count(TaskPhase.FAILED) + " failed, " + (count(TaskPhase.SKIPPED) + count(TaskPhase.KILLED))
        + " skipped or killed), " + (count(TaskPhase.RUNNING) + count(TaskPhase.LAUNCHED)) + " running"
        + (locality.total() > 0 ? "; " + locality : "");
  }
}
