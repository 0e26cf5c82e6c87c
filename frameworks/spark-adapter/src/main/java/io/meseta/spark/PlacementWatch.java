package io.meseta.spark;

import java.time.Duration;
import java.util.Optional;

/**
 * Notices an application that can never get an executor: it has none, wants some, and for
 * longer than a timeout every offer it was made was too small for one. Time comes in as an
 * argument (nanoseconds from any fixed origin).
 */
public final class PlacementWatch {
  private final long timeoutNanos;
  private Long noFitSince;

  public PlacementWatch(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * Records one batch of offers.
   *
   * @param stuck whether the application has no executor, wants one, and no offer of the batch fits one
   * @return how long it has been stuck, once that exceeds the timeout
   */
  public Optional<Duration> offers(boolean stuck, long nowNanos) {
    if (!stuck) {
      noFitSince = null;
      return Optional.empty();
    }
    if (noFitSince == null) {
      noFitSince = nowNanos;
    }
    long stuckFor = nowNanos - noFitSince;
    return stuckFor >= timeoutNanos ? Optional.of(Duration.ofNanos(stuckFor)) : Optional.empty();
  }

  /** An executor was placed, or one exists: start over. */
  public void reset() {
    noFitSince = null;
  }
}
