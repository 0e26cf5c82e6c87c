package io.meseta.batch.engine;

/** What a status update says about an attempt, in the engine's terms. */
public enum AttemptState {
  STARTING, RUNNING, FINISHED, FAILED, KILLED, LOST, ERROR;

  public boolean isTerminal() {
    return this != STARTING && this != RUNNING;
  }
}
