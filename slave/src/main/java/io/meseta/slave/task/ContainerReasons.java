package io.meseta.slave.task;

import io.meseta.slave.isolation.LimitEvent;

/**
 * Reason codes of the status updates an agent sends about tasks its containers stopped or
 * refused (strings on the wire, alongside {@link io.meseta.core.task.StatusReasons}; they belong
 * there once the core module takes them).
 */
public final class ContainerReasons {
  /** The container went over its memory limit: the kernel's OOM killer or the posix check killed it. */
  public static final String MEMORY_LIMIT = LimitEvent.Kind.MEMORY.reason();
  /** The container's sandbox grew past its disk quota, and the container was killed. */
  public static final String DISK_LIMIT = LimitEvent.Kind.DISK.reason();
  /** The task cannot run as the OS user it asks for on this agent. */
  public static final String USER_NOT_ALLOWED = "USER_NOT_ALLOWED";

  private ContainerReasons() {}
}
