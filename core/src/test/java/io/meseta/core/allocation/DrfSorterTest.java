package io.meseta.core.allocation;

import static io.meseta.core.allocation.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DrfSorterTest {
  private DrfSorter<String> sorter;

  @BeforeEach
  void setUp() {
    sorter = new DrfSorter<>();
    sorter.setTotal(res("cpus:10;mem:1000"));
  }

  @Test
  void emptyClientsAreOrderedByName() {
    sorter.add("c", 1);
    sorter.add("a", 1);
    sorter.add("b", 1);
    assertEquals(List.of("a", "b", "c"), sorter.sorted());
  }

  @Test
  void lowestDominantShareComesFirst() {
    sorter.add("a", 1);
    sorter.add("b", 1);
    sorter.add("c", 1);
    sorter.allocated("a", res("cpus:5;mem:100"));
    sorter.allocated("b", res("cpus:1;mem:300"));
    assertEquals(List.of("c", "b", "a"), sorter.sorted());
    assertEquals(0.5, sorter.share("a"), 1e-12);
    assertEquals(0.3, sorter.share("b"), 1e-12);
    sorter.unallocated("a", res("cpus:4"));
    assertEquals(List.of("c", "a", "b"), sorter.sorted());
  }

  @Test
  void equalSharesAreOrderedByName() {
    sorter.add("b", 1);
    sorter.add("a", 1);
    sorter.allocated("a", res("cpus:2"));
    sorter.allocated("b", res("mem:200"));
    assertEquals(List.of("a", "b"), sorter.sorted());
  }

  @Test
  void weightsDivideShares() {
    sorter.add("heavy", 4);
    sorter.add("light", 1);
    sorter.allocated("heavy", res("cpus:6"));
    sorter.allocated("light", res("cpus:2"));
    assertEquals(0.15, sorter.share("heavy"), 1e-12);
    assertEquals(List.of("heavy", "light"), sorter.sorted());
  }

  @Test
  void aNewTotalReordersEveryone() {
    sorter.add("cpu", 1);
    sorter.add("mem", 1);
    sorter.allocated("cpu", res("cpus:4"));
    sorter.allocated("mem", res("mem:300"));
    assertEquals(List.of("mem", "cpu"), sorter.sorted());
    sorter.setTotal(res("cpus:100;mem:1000"));
    assertEquals(List.of("cpu", "mem"), sorter.sorted());
    sorter.add("new", 1);
    assertEquals(List.of("new", "cpu", "mem"), sorter.sorted());
  }

  @Test
  void resourcesMissingFromTheTotalAndRangesDoNotCount() {
    sorter.add("a", 1);
    sorter.allocated("a", res("gpus:1;ports:[1-100]"));
    assertEquals(0.0, sorter.share("a"));
  }

  @Test
  void removeAndContains() {
    sorter.add("a", 1);
    sorter.add("b", 1);
    assertTrue(sorter.remove("a"));
    assertFalse(sorter.remove("a"));
    assertFalse(sorter.contains("a"));
    assertEquals(1, sorter.size());
    assertEquals(List.of("b"), sorter.sorted());
  }

  @Test
  void badCallsAreRejectedNamingTheClient() {
    sorter.add("a", 1);
    sorter.allocated("a", res("cpus:1"));
    assertMessage(() -> sorter.add("a", 1), "'a'", "already");
    assertMessage(() -> sorter.add("z", 0), "'z'", "positive");
    assertMessage(() -> sorter.add("z", Double.NaN), "'z'", "positive");
    assertMessage(() -> sorter.unallocated("a", res("cpus:2")), "'a'", "less");
    assertMessage(() -> sorter.allocated("q", res("cpus:2")), "'q'", "not in the sorter");
    assertEquals(0.1, sorter.share("a"), 1e-12);
  }

  private static void assertMessage(Runnable r, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
  }
}
