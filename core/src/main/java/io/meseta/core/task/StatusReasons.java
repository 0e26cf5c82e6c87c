package io.meseta.core.task;

/** The reason codes carried by status updates (strings on the wire, so the set can grow). */
public final class StatusReasons {
  /** The command exited; the exit code says how. */
  public static final String COMMAND_EXITED = "COMMAND_EXITED";
  /** A framework or operator asked for the kill. */
  public static final String KILLED_BY_REQUEST = "KILLED_BY_REQUEST";
  /** Fetching one of the task's URIs failed. */
  public static final String FETCH_FAILED = "FETCH_FAILED";
  /** The agent could not start the process (sandbox, exec). */
  public static final String LAUNCH_FAILED = "LAUNCH_FAILED";
  /** The agent stopped heartbeating and was removed. */
  public static final String AGENT_REMOVED = "AGENT_REMOVED";
  /** The master could not reach the agent to launch the task. */
  public static final String AGENT_UNREACHABLE = "AGENT_UNREACHABLE";
  /** The framework was torn down or timed out. */
  public static final String FRAMEWORK_REMOVED = "FRAMEWORK_REMOVED";
  /** An answer to reconciliation, not a new transition. */
  public static final String RECONCILIATION = "RECONCILIATION";
  /** The master does not know the task. */
  public static final String UNKNOWN_TASK = "UNKNOWN_TASK";
  /** The agent was shut down while the task ran. */
  public static final String AGENT_SHUTDOWN = "AGENT_SHUTDOWN";
  /** The task's description was invalid at the agent. */
  public static final String INVALID_TASK = "INVALID_TASK";
  /** The container went over its memory limit: the kernel's OOM killer or the agent's memory check killed it. */
  public static final String MEMORY_LIMIT = "MEMORY_LIMIT";
  /** The container's sandbox grew past its disk quota, and the container was killed. */
  public static final String DISK_LIMIT = "DISK_LIMIT";
  /** The task cannot run as the OS user it asks for on this agent. */
  public static final String USER_NOT_ALLOWED = "USER_NOT_ALLOWED";

  private StatusReasons() {}
}
