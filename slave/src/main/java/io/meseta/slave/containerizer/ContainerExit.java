package io.meseta.slave.containerizer;

import io.meseta.slave.isolation.IsolationPlan;
import io.meseta.slave.isolation.LimitEvent;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a container's main process ended, as its raw exit status. Following the shell convention,
 * a status of 128+S (S in 1..64) is read as "killed by signal S": the JVM reports a process killed
 * by a signal that way, and a shell whose child was killed exits that way too.
 *
 * @param status          the exit status
 * @param limit           the limit the container reached during its life, if it reached one (its
 *                        isolators then killed it, or the kernel killed a process of it)
 * @param isolationFailed whether the container's isolation could not be set up, so its command
 *                        never ran (status {@link IsolationPlan#SETUP_FAILED_STATUS})
 */
public record ContainerExit(int status, Optional<LimitEvent> limit, boolean isolationFailed) {
  private static final int SIGNAL_BASE = 128;
  private static final int MAX_SIGNAL = 64;
  /** The status of a process killed by SIGKILL. */
  static final int KILLED_STATUS = SIGNAL_BASE + 9;

  public ContainerExit {
    Objects.requireNonNull(limit, "limit");
  }

  public ContainerExit(int status) {
    this(status, Optional.empty(), false);
  }

  /**
   * How a container found ended after an agent restart: as its wrapper recorded, with the limit
   * it reached; when nothing was recorded but a limit was reached, killed by SIGKILL (the
   * isolators kill a container over a limit, the wrapper included).
   */
  public static Optional<ContainerExit> afterRestart(Optional<ContainerExit> recorded, Optional<LimitEvent> limit) {
    if (recorded.isPresent()) {
      return Optional.of(new ContainerExit(recorded.get().status(), limit, recorded.get().isolationFailed()));
    }
    return limit.map(l -> new ContainerExit(KILLED_STATUS, limit, false));
  }

  public boolean succeeded() {
    return status == 0 && !isolationFailed;
  }

  /** The signal that ended the process, if the status says it was killed by one. */
  public OptionalInt signal() {
    int s = status - SIGNAL_BASE;
    return s >= 1 && s <= MAX_SIGNAL ? OptionalInt.of(s) : OptionalInt.empty();
  }

  /** "exited with status N", "killed by signal S", or that its isolation could not be set up. */
  public String describe() {
    if (isolationFailed) {
      return "the container's isolation could not be set up (status " + status + "), so its command did not run";
    }
    OptionalInt sig = signal();
    return sig.isPresent() ? "killed by signal " + sig.getAsInt() : "exited with status " + status;
  }
}
