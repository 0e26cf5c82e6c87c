package io.meseta.slave.containerizer;

import java.util.OptionalInt;

/**
 * How a container's main process ended, as its raw exit status. Following the shell convention,
 * a status of 128+S (S in 1..64) is read as "killed by signal S": the JVM reports a process killed
 * by a signal that way, and a shell whose child was killed exits that way too.
 */
public record ContainerExit(int status) {
  private static final int SIGNAL_BASE = 128;
  private static final int MAX_SIGNAL = 64;

  public boolean succeeded() {
    return status == 0;
  }

  /** The signal that ended the process, if the status says it was killed by one. */
  public OptionalInt signal() {
    int s = status - SIGNAL_BASE;
    return s >= 1 && s <= MAX_SIGNAL ? OptionalInt.of(s) : OptionalInt.empty();
  }

  /** "exited with status N" or "killed by signal S". */
  public String describe() {
    OptionalInt sig = signal();
    return sig.isPresent() ? "killed by signal " + sig.getAsInt() : "exited with status " + status;
  }
}
