package io.meseta.batch.engine;

import io.meseta.batch.plan.PlannedTask.Placement;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one task of a job, as stored and as shown: a snapshot of the engine's bookkeeping.
 *
 * @param key         the task's key in the plan
 * @param phase       where it is
 * @param attempts    how many attempts were launched
 * @param notBefore   a retry waits for its backoff until this time (millis); 0 if none
 * @param launchedAt  when the latest attempt was launched (millis); 0 if never
 * @param startedAt   when the latest attempt reported it runs (millis); 0 if not yet
 * @param endedAt     when the task reached a terminal phase (millis); 0 if not yet
 * @param host        the host of the latest attempt
 * @param placement   where the latest attempt ran relative to its data
 * @param message     why the latest attempt ended, if it did not finish
 * @param timedOut    the latest attempt is being killed for its timeout
 */
public record TaskRecord(String key, TaskPhase phase, int attempts, long notBefore, long launchedAt, long startedAt,
    long endedAt,
    Optional<String> host, Optional<Placement> placement, Optional<String> message, boolean timedOut) {
  public TaskRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(message, "message");
  }

  /** A task that has not run yet. */
  public static TaskRecord initial(String key, TaskPhase phase) {
    return new TaskRecord(key, phase, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), false);
  }
}
