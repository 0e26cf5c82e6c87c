package io.meseta.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfferPlannerTest {
  private static final ExecutorSize SMALL = new ExecutorSize(1, 512, 384); // cpus 1, mem 896

  private static OfferPlanner.Slot slot(String id, String agent, String host, String resources) {
    return new OfferPlanner.Slot(id, agent, host, Resources.parse(resources));
  }

  @Test
  void executorsSpreadOverHostsBeforeDoublingUp() {
    List<OfferPlanner.Slot> offers = List.of(slot("o2", "a2", "h2", "cpus:4;mem:4096"),
        slot("o1", "a1", "h1", "cpus:4;mem:4096"), slot("o3", "a3", "h3", "cpus:4;mem:4096"));

    OfferPlanner.Plan plan = OfferPlanner.plan(offers, 4, SMALL, Map.of(), Map.of());

    assertEquals(Map.of("o1", 2, "o2", 1, "o3", 1), plan.launches());
    assertEquals(List.of(), plan.unused());
    assertEquals(4, plan.total());
  }

  @Test
  void hostsThatAlreadyHaveExecutorsComeLast() {
    List<OfferPlanner.Slot> offers = List.of(slot("o1", "a1", "h1", "cpus:4;mem:4096"),
        slot("o2", "a2", "h2", "cpus:4;mem:4096"));

    OfferPlanner.Plan plan = OfferPlanner.plan(offers, 1, SMALL, Map.of("h1", 1), Map.of("a1", 1));

    assertEquals(Map.of("o2", 1), plan.launches());
    assertEquals(List.of("o1"), plan.unused());
  }

  @Test
  void agentsSharingAHostNameStillSpread() {
    List<OfferPlanner.Slot> offers = List.of(slot("o1", "a1", "localhost", "cpus:2;mem:2048"),
        slot("o2", "a2", "localhost", "cpus:2;mem:2048"));

    assertEquals(Map.of("o1", 1, "o2", 1), OfferPlanner.plan(offers, 2, SMALL, Map.of(), Map.of()).launches());
  }

  @Test
  void anOfferHoldsOnlyWhatFits() {
    List<OfferPlanner.Slot> offers = List.of(slot("o1", "a1", "h1", "cpus:8;mem:2000"));

    OfferPlanner.Plan plan = OfferPlanner.plan(offers, 5, SMALL, Map.of(), Map.of());

    assertEquals(Map.of("o1", 2), plan.launches()); // 2 x 896 MB in 2000 MB
    assertTrue(plan.anyFit());
  }

  @Test
  void offersTooSmallForOneExecutorAreUnusedAndSaidSo() {
    List<OfferPlanner.Slot> offers = List.of(slot("o1", "a1", "h1", "cpus:8;mem:800"),
        slot("o2", "a2", "h2", "cpus:0.5;mem:4096"));

    OfferPlanner.Plan plan = OfferPlanner.plan(offers, 2, SMALL, Map.of(), Map.of());

    assertEquals(Map.of(), plan.launches());
    assertEquals(List.of("o1", "o2"), plan.unused());
    assertFalse(plan.anyFit());
  }

  @Test
  void nothingWantedLaunchesNothing() {
    OfferPlanner.Plan plan = OfferPlanner.plan(List.of(slot("o1", "a1", "h1", "cpus:8;mem:8000")), 0, SMALL,
        Map.of(), Map.of());
    assertEquals(Map.of(), plan.launches());
    assertEquals(List.of("o1"), plan.unused());
  }
}
