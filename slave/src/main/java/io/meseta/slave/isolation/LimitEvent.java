package io.meseta.slave.isolation;

import java.util.Objects;

/**
 * A container went over one of its limits. The agent ends its task FAILED with {@link #reason()}
 * and {@link #message()}.
 *
 * @param kind        which limit
 * @param limitBytes  the limit
 * @param usageBytes  the usage that reached it (the cgroup's peak, or the usage polled)
 * @param message     for people: the container, the limit and the usage
 */
public record LimitEvent(Kind kind, long limitBytes, long usageBytes, String message) {

  /** The limits an isolator reports, with their reason codes (strings on the wire). */
  public enum Kind {
    /** Killed by the kernel's OOM killer in its cgroup, or over its memory in the posix poll. */
    MEMORY(io.meseta.core.task.StatusReasons.MEMORY_LIMIT),
    /** Its sandbox grew past its disk quota. */
    DISK(io.meseta.core.task.StatusReasons.DISK_LIMIT);

    private final String reason;

    Kind(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  public LimitEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  /** The reason code of a task status: {@code MEMORY_LIMIT} or {@code DISK_LIMIT}. */
  public String reason() {
    return kind.reason();
  }
}
