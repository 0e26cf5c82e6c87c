package io.meseta.core.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangeSetTest {

  private static RangeSet set(long... bounds) {
    Range[] rs = new Range[bounds.length / 2];
    for (int i = 0; i < rs.length; i++) {
      rs[i] = new Range(bounds[2 * i], bounds[2 * i + 1]);
    }
    return RangeSet.of(rs);
  }

  @Test
  void normalizesOverlappingAndAdjacentRanges() {
    assertEquals(List.of(new Range(1, 10)), set(5, 10, 1, 4).ranges());
    assertEquals(List.of(new Range(1, 10)), set(1, 8, 3, 10).ranges());
    assertEquals(List.of(new Range(1, 3), new Range(5, 6)), set(5, 6, 1, 3).ranges());
    assertEquals(List.of(new Range(1, 10)), set(1, 10, 2, 3).ranges());
    assertTrue(RangeSet.of().isEmpty());
    assertEquals(RangeSet.EMPTY, RangeSet.of(List.of()));
  }

  @Test
  void unionMergesAndCounts() {
    RangeSet u = set(1, 3).union(set(4, 6)).union(set(10, 10));
    assertEquals(set(1, 6, 10, 10), u);
    assertEquals(7, u.count());
    assertEquals(u, u.union(RangeSet.EMPTY));
    assertEquals(u, RangeSet.EMPTY.union(u));
  }

  @Test
  void differenceEdgeCases() {
    RangeSet s = set(1, 10, 20, 30);
    assertEquals(set(1, 4, 8, 10, 20, 30), s.difference(set(5, 7)));
    assertEquals(set(2, 10, 20, 29), s.difference(set(1, 1, 30, 30)));
    assertEquals(set(1, 9, 26, 30), s.difference(set(10, 25)));
    assertEquals(RangeSet.EMPTY, s.difference(set(0, 100)));
    assertEquals(s, s.difference(set(11, 19)));
    assertEquals(s, s.difference(RangeSet.EMPTY));
    assertEquals(RangeSet.EMPTY, RangeSet.EMPTY.difference(s));
    assertEquals(set(1, 1, 3, 3, 5, 10, 20, 30), s.difference(set(2, 2, 4, 4)));
  }

  @Test
  void containsEdgeCases() {
    RangeSet s = set(1, 10, 20, 30);
    assertTrue(s.contains(set(1, 10)));
    assertTrue(s.contains(set(1, 1, 30, 30)));
    assertTrue(s.contains(RangeSet.EMPTY));
    assertFalse(s.contains(set(10, 20)));
    assertFalse(s.contains(set(0, 1)));
    assertFalse(s.contains(set(30, 31)));
    assertTrue(s.contains(20));
    assertFalse(s.contains(15));
    assertFalse(RangeSet.EMPTY.contains(1));
  }

  @Test
  void largestValuesDoNotOverflow() {
    long max = Long.MAX_VALUE;
    assertEquals(set(0, max), set(0, max, 5, 10));
    assertEquals(set(0, max), set(5, 10, 0, max));
    assertEquals(set(0, 4), set(0, max).difference(set(5, max)));
    assertEquals(RangeSet.EMPTY, set(max - 1, max).difference(set(0, max)));
    assertEquals(max, set(0, max).count());
  }

  @Test
  void invalidRangesAreRejected() {
    assertThrows(InvalidResourcesException.class, () -> new Range(-1, 3));
    assertThrows(InvalidResourcesException.class, () -> new Range(5, 4));
  }
}
