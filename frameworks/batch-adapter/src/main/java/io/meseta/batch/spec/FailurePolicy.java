package io.meseta.batch.spec;

import java.util.Locale;

/** What a job does once one of its tasks has failed for good (its attempts used up). */
public enum FailurePolicy {
  /** {@code stop}: launch nothing more, kill the job's running tasks, end the job FAILED. */
  STOP,
  /** {@code continue}: skip only the stages that depend on the failed one, run everything else, end FAILED. */
  CONTINUE;

  /** The spelling in a job spec. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
