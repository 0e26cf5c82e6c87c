package io.meseta.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TaskStateTest {

  private static final EnumSet<TaskState> TERMINAL = EnumSet.of(TaskState.FINISHED, TaskState.FAILED,
      TaskState.KILLED, TaskState.ERROR, TaskState.LOST);

  @Test
  void terminalStatesHaveNoExits() {
    for (TaskState s : TaskState.values()) {
      assertEquals(TERMINAL.contains(s), s.isTerminal(), s.name());
      if (s.isTerminal()) {
        assertTrue(s.next().isEmpty(), s + " has exits " + s.next());
      }
    }
  }

  @Test
  void noStateMovesToItselfOrBackToStaging() {
    for (TaskState s : TaskState.values()) {
      assertFalse(s.canMoveTo(s), s.name());
      assertFalse(s.canMoveTo(TaskState.STAGING), s.name());
    }
  }

  @Test
  void everyLiveStateCanEndAndCanBeLost() {
    for (TaskState s : TaskState.values()) {
      if (!s.isTerminal()) {
        assertTrue(s.canMoveTo(TaskState.LOST), s.name());
        assertTrue(s.canMoveTo(TaskState.FINISHED), s.name());
        assertTrue(s.canMoveTo(TaskState.KILLED), s.name());
      }
    }
  }

  @Test
  void lifecycleMovesForwardOnly() {
    assertTrue(TaskState.STAGING.canMoveTo(TaskState.STARTING));
    assertTrue(TaskState.STARTING.canMoveTo(TaskState.RUNNING));
    assertTrue(TaskState.RUNNING.canMoveTo(TaskState.KILLING));
    assertTrue(TaskState.KILLING.canMoveTo(TaskState.KILLED));
    assertFalse(TaskState.RUNNING.canMoveTo(TaskState.STARTING));
    assertFalse(TaskState.KILLING.canMoveTo(TaskState.RUNNING));
    assertFalse(TaskState.FINISHED.canMoveTo(TaskState.RUNNING));
    assertFalse(TaskState.LOST.canMoveTo(TaskState.RUNNING));
  }

  @Test
  void canMoveToAgreesWithNext() {
    for (TaskState from : TaskState.values()) {
      for (TaskState to : TaskState.values()) {
        assertEquals(from.next().contains(to), from.canMoveTo(to), from + "->" + to);
      }
    }
  }
}
