package io.meseta.slave.isolation;

import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/** SIGKILL without spawning {@code kill}, and the short waits the kernel needs after it. */
final class Signals {
  private static final long SELF = ProcessHandle.current().pid();

  private Signals() {}

  /** Sends SIGKILL to each pid (never to this JVM); pids already gone are skipped. */
  static void kill(Collection<Long> pids) {
    for (long pid : pids) {
      if (pid != SELF && pid > 1) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /**
   * Polls {@code done} until it holds or {@code timeout} passes; true if it held. For waits on the
   * kernel (a cgroup freezing, killed processes leaving it) that take micro- to milliseconds.
   */
  static boolean await(BooleanSupplier done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = 1;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return done.getAsBoolean();
      }
      pauseMillis = Math.min(pauseMillis * 2, 20);
    }
    return true;
  }
}
