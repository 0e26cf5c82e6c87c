package io.meseta.client;

import java.time.Duration;
import java.util.Random;

/**
 * Delays between reconnection attempts: doubling from a minimum up to a maximum, each drawn
 * at random from the upper half of the current step ("equal jitter") so that many clients that
 * lost the same master do not come back in lockstep. Randomness only from the given source, so a
 * seeded source gives the same delays every time. Not thread-safe: the poll thread owns it.
 */
final class Backoff {
  private static final int MAX_DOUBLINGS = 30;

  private final long minMillis;
  private final long maxMillis;
  private final Random random;
  private int attempt;

  Backoff(Duration min, Duration max, Random random) {
    validate(min, max);
    this.minMillis = min.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  /** Checks that {@code min} is at least 1 ms and {@code max} not below it. */
  static void validate(Duration min, Duration max) {
    if (min.toMillis() < 1) {
      throw new IllegalArgumentException("backoff minimum must be at least 1 ms, got " + min);
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff maximum " + max + " is below the minimum " + min);
    }
  }

  /** The delay before the next attempt; each call without {@link #reset()} doubles the step. */
  Duration next() {
    long step = Math.min(maxMillis, minMillis << Math.min(attempt, MAX_DOUBLINGS));
    if (step < 0) {
      step = maxMillis;
    }
    attempt++;
    long low = Math.max(minMillis, step / 2);
    return Duration.ofMillis(low + random.nextLong(step - low + 1));
  }

  /** After a success: the next delay starts from the minimum again. */
  void reset() {
    attempt = 0;
  }
}
