package io.meseta.core.time;

import java.time.Instant;

/**
 * The only source of time for scheduling code. Production code uses {@link SystemClock}; tests
 * and simulators use {@link ManualClock} so that every decision is reproducible.
 */
public interface Clock {
  /** Milliseconds since the epoch. */
  long millis();

  default Instant now() {
    return Instant.ofEpochMilli(millis());
  }
}
