package io.meseta.core.time;

import java.time.Duration;

/**
 * A clock that moves only when told to. Not thread-safe by design: it belongs to the single
 * thread (test or simulator) that drives the code under test.
 */
public final class ManualClock implements Clock {
  private long millis;

  public ManualClock(long startMillis) {
    this.millis = startMillis;
  }

  public ManualClock() {
    this(1_700_000_000_000L);
  }

  @Override
  public long millis() {
    return millis;
  }

  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("a clock cannot move backwards: " + by);
    }
    millis += by.toMillis();
  }

  public void advanceMillis(long by) {
    advance(Duration.ofMillis(by));
  }
}
