package io.meseta.batch.engine;

/** Where one task of a job is. */
public enum TaskPhase {
  /** A stage it depends on has not succeeded yet. */
  WAITING,
  /** May be launched (after its backoff, if it is a retry). */
  READY,
  /** An attempt was launched; it has not reported running yet. */
  LAUNCHED,
  RUNNING,
  FINISHED,
  /** Every attempt failed. */
  FAILED,
  /** Never ran: a stage it depends on failed, or the job stopped at another task's failure. */
  SKIPPED,
  /** The job was killed before the task finished. */
  KILLED;

  public boolean isActive() {
    return this == LAUNCHED || this == RUNNING;
  }

  public boolean isTerminal() {
    return this == FINISHED || this == FAILED || this == SKIPPED || this == KILLED;
  }
}
