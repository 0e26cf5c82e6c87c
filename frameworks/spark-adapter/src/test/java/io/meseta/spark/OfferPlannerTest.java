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

    OfferPlanner.Plan plan = OfferPlanner.plan(offers, 4, SMALL, OfferPlanner.Spread.NONE);

    assertEquals(Map.of("o1", 2, "o2", 1, "o3", 1), plan.launches());
    assertEquals(List.of(), plan.unused());
    assertEquals(4, plan.total());
  }

  @Test
  void hostsThatAlreadyHaveExecutorsComeLast() {
    List<OfferPlanner.Slot> offers = List.of(slot("o1", "a1", "h1", "cpus:4;mem:4096"),
        slot("o2", "a2", "h2", "cpus:4;mem:4096"));

    OfferPlanner.Plan plan = OfferPlanner.plan(offers, 1, SMALL,
        new OfferPlanner.Spread(Map.of(), Map.of("h1", 1), Map.of("a1", 1)));

    assertEquals(Map.of("o2", 1), plan.launches());
    assertEquals(List.of("o1"), plan.unused());
  }

  @Test
  void agentsSharingAHostNameStillSpread() {
    List<OfferPlanner.Slot> offers = List.of(slot("o1", "a1", "localhost", "cpus:2;mem:2048"),
        slot("o2", "a2", "localhost", "cpus:2;mem:2048"));

    assertEquals(Map.of("o1", 1, "o2", 1), OfferPlanner.plan(offers, 2, SMALL, OfferPlanner.Spread.NONE).launches());
  }

  @Test
  void anOfferHoldsOnlyWhatFits() {
    List<OfferPlanner.Slot> offers = List.of(slot("o1", "a1", "h1", "cpus:8;mem:2000"));

    OfferPlanner.Plan plan = OfferPlanner.plan(offers, 5, SMALL, OfferPlanner.Spread.NONE);

    assertEquals(Map.of("o1", 2), plan.launches()); // 2 x 896 MB in 2000 MB
    assertTrue(plan.anyFit());
  }

  @Test
  void offersTooSmallForOneExecutorAreUnusedAndSaidSo() {
    List<OfferPlanner.Slot> offers = List.of(slot("o1", "a1", "h1", "cpus:8;mem:800"),
        slot("o2", "a2", "h2", "cpus:0.5;mem:4096"));

    OfferPlanner.Plan plan = OfferPlanner.plan(offers, 2, SMALL, OfferPlanner.Spread.NONE);

    assertEquals(Map.of(), plan.launches());
    assertEquals(List.of("o1", "o2"), plan.unused());
    assertFalse(plan.anyFit());
  }

  @Test
  void nothingWantedLaunchesNothing() {
    OfferPlanner.Plan plan = OfferPlanner.plan(List.of(slot("o1", "a1", "h1", "cpus:8;mem:8000")), 0, SMALL,
        OfferPlanner.Spread.NONE);
    assertEquals(Map.of(), plan.launches());
    assertEquals(List.of("o1"), plan.unused());
  }

  private static OfferPlanner.Slot racked(String id, String host, String rack, OfferPlanner.Locality locality) {
    return new OfferPlanner.Slot(id, "a-" + host, host, rack, locality, Resources.parse("cpus:4;mem:4096"));
  }

  @Test
  void executorsSpreadOverRacksBeforeHosts() {
    List<OfferPlanner.Slot> offers = List.of(racked("o1", "h1", "/r1", OfferPlanner.Locality.ANY),
        racked("o2", "h2", "/r1", OfferPlanner.Locality.ANY), racked("o3", "h3", "/r2", OfferPlanner.Locality.ANY));

    assertEquals(Map.of("o1", 1, "o3", 1), OfferPlanner.plan(offers, 2, SMALL, OfferPlanner.Spread.NONE).launches());
    assertEquals(Map.of("o2", 1), OfferPlanner.plan(offers, 1, SMALL,
        new OfferPlanner.Spread(Map.of("/r2", 1), Map.of("h1", 1), Map.of())).launches());
  }

  @Test
  void offersCloserToTheDataComeFirst() {
    List<OfferPlanner.Slot> offers = List.of(racked("o1", "h1", "/r1", OfferPlanner.Locality.ANY),
        racked("o2", "h2", "/r2", OfferPlanner.Locality.RACK_LOCAL),
        racked("o3", "h3", "/r2", OfferPlanner.Locality.NODE_LOCAL));

    assertEquals(Map.of("o3", 1), OfferPlanner.plan(offers, 1, SMALL, OfferPlanner.Spread.NONE).launches());
    // Node-local offers hold as many executors as fit (4 cpus) before a rack-local one gets any.
    assertEquals(Map.of("o3", 4, "o2", 1), OfferPlanner.plan(offers, 5, SMALL, OfferPlanner.Spread.NONE).launches());
  }
}
