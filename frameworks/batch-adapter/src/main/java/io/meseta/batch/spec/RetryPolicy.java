package io.meseta.batch.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a task may run and how long to wait between attempts: {@code backoff} before the
 * second attempt, doubling before each further one, at most {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration backoff, Duration maxBackoff) {
  /** One attempt only. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofMinutes(1));

  public RetryPolicy {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
  }

  /** The wait before attempt {@code next} (2 or more): backoff * 2^(next-2), capped. */
  public Duration delayBefore(int next) {
    if (next < 2) {
      return Duration.ZERO;
    }
    long millis = backoff.toMillis();
    for (int i = 2; i < next && millis < maxBackoff.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
