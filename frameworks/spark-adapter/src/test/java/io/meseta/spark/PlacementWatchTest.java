package io.meseta.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlacementWatchTest {
  private static final long S = 1_000_000_000L;

  @Test
  void reportsOnceStuckLongerThanTheTimeout() {
    PlacementWatch watch = new PlacementWatch(Duration.ofSeconds(5));
    assertEquals(Optional.empty(), watch.offers(true, 100 * S));
    assertEquals(Optional.empty(), watch.offers(true, 104 * S));
    assertEquals(Optional.of(Duration.ofSeconds(5)), watch.offers(true, 105 * S));
  }

  @Test
  void anOfferThatFitsStartsOver() {
    PlacementWatch watch = new PlacementWatch(Duration.ofSeconds(5));
    watch.offers(true, 0);
    watch.offers(false, 4 * S);
    assertEquals(Optional.empty(), watch.offers(true, 6 * S));
    assertEquals(Optional.of(Duration.ofSeconds(5)), watch.offers(true, 11 * S));
    watch.reset();
    assertEquals(Optional.empty(), watch.offers(true, 12 * S));
  }
}
