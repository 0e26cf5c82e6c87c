package io.meseta.slave.task;

/**
 * Reason codes of the status updates an agent sends about tasks it could not fully recover after
 * a restart (strings on the wire, alongside {@link io.meseta.core.task.StatusReasons}).
 */
public final class RecoveryReasons {
  /** The task's process ended while the agent was down and left no exit status. */
  public static final String EXIT_STATUS_UNKNOWN = "EXIT_STATUS_UNKNOWN";
  /** The agent stopped after accepting the task and before its process started. */
  public static final String LAUNCH_INTERRUPTED = "LAUNCH_INTERRUPTED";
  /** The agent's checkpoint of the task could not be read; its process, if found, was killed. */
  public static final String CHECKPOINT_UNREADABLE = "CHECKPOINT_UNREADABLE";

  private RecoveryReasons() {}
}
