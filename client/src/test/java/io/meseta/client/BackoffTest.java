package io.meseta.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reconnect delays: doubling, jitter within bounds, repeatable from a seed. */
class BackoffTest {
  private static List<Long> delays(Backoff backoff, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(backoff.next().toMillis());
    }
    return out;
  }

  @Test
  void delaysDoubleWithinTheUpperHalfOfEachStepUpToTheMaximum() {
    List<Long> d = delays(new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(7)), 8);
    long[] steps = {100, 200, 400, 800, 1_000, 1_000, 1_000, 1_000};
    for (int i = 0; i < steps.length; i++) {
      long low = Math.max(100, steps[i] / 2);
      assertTrue(d.get(i) >= low && d.get(i) <= steps[i], "delay " + i + " = " + d.get(i) + " outside the step");
    }
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    assertEquals(delays(new Backoff(Duration.ofMillis(10), Duration.ofSeconds(10), new Random(3)), 12),
        delays(new Backoff(Duration.ofMillis(10), Duration.ofSeconds(10), new Random(3)), 12));
  }

  @Test
  void resetStartsFromTheMinimumAgain() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new Random(1));
    delays(backoff, 10);
    backoff.reset();
    assertEquals(100, backoff.next().toMillis());
  }

  @Test
  void aHugeNumberOfAttemptsStaysAtTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), new Random(5));
    List<Long> d = delays(backoff, 100);
    assertTrue(d.stream().allMatch(ms -> ms >= 1_000 && ms <= 10_000), d.toString());
  }

  @Test
  void rejectsABadRange() {
    assertThrows(IllegalArgumentException.class, () -> Backoff.validate(Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> Backoff.validate(Duration.ofSeconds(2), Duration.ofSeconds(1)));
  }
}
