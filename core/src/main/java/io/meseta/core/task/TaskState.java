package io.meseta.core.task;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a task, with its transition table. STAGING is the state a task has from the
 * moment the master accepts it until the agent starts it.
 */
public enum TaskState {
  STAGING,
  STARTING,
  RUNNING,
  KILLING,
  FINISHED,
  FAILED,
  KILLED,
  ERROR,
  LOST;

  private static final Set<TaskState> TERMINAL = EnumSet.of(FINISHED, FAILED, KILLED, ERROR, LOST);

  private static final Map<TaskState, Set<TaskState>> NEXT = Map.of(
      STAGING, EnumSet.of(STARTING, RUNNING, KILLING, FINISHED, FAILED, KILLED, ERROR, LOST),
      STARTING, EnumSet.of(RUNNING, KILLING, FINISHED, FAILED, KILLED, LOST),
      RUNNING, EnumSet.of(KILLING, FINISHED, FAILED, KILLED, LOST),
      KILLING, EnumSet.of(FINISHED, FAILED, KILLED, LOST),
      FINISHED, EnumSet.noneOf(TaskState.class),
      FAILED, EnumSet.noneOf(TaskState.class),
      KILLED, EnumSet.noneOf(TaskState.class),
      ERROR, EnumSet.noneOf(TaskState.class),
      LOST, EnumSet.noneOf(TaskState.class));

  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }

  /** Whether a task in this state may move to {@code next}. Repeating a state is not a move. */
  public boolean canMoveTo(TaskState next) {
    return NEXT.get(this).contains(next);
  }

  /** The states a task may move to from this one. */
  public Set<TaskState> next() {
    return NEXT.get(this);
  }
}
