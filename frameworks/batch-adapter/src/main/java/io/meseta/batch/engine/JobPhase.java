package io.meseta.batch.engine;

/** Where a job is. */
public enum JobPhase {
  RUNNING, SUCCEEDED, FAILED, KILLED;

  public boolean isTerminal() {
    return this != RUNNING;
  }
}
