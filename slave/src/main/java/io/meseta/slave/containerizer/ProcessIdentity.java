package io.meseta.slave.containerizer;

/**
 * A process as the kernel identifies it over time: its pid together with its start time, so a
 * process that later gets the same pid is not taken for it.
 *
 * @param pid       the process id
 * @param startTime when the process started, in clock ticks after boot (field 22 of {@code /proc/<pid>/stat})
 */
public record ProcessIdentity(long pid, long startTime) {
  public ProcessIdentity {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be positive, got " + pid);
    }
    if (startTime < 0) {
      throw new IllegalArgumentException("process start time must not be negative, got " + startTime);
    }
  }
}
