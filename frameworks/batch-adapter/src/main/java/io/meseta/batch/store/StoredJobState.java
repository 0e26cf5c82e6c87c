package io.meseta.batch.store;

import io.meseta.batch.engine.JobPhase;
import java.util.Objects;

/** A job's own state: whether it was killed, its phase once it ended, and when. */
public record StoredJobState(boolean killed, JobPhase phase, long endedAt) {
  public static final StoredJobState RUNNING = new StoredJobState(false, JobPhase.RUNNING, 0);

  public StoredJobState {
    Objects.requireNonNull(phase, "phase");
  }
}
