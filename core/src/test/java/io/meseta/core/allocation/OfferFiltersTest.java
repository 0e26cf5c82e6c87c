package io.meseta.core.allocation;

import static io.meseta.core.allocation.Fixtures.addAgent;
import static io.meseta.core.allocation.Fixtures.agent;
import static io.meseta.core.allocation.Fixtures.alloc;
import static io.meseta.core.allocation.Fixtures.fw;
import static io.meseta.core.allocation.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.core.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Decline filters, suppress and revive. */
class OfferFiltersTest {
  private static final String ALL = "cpus:4;mem:4096";
  private static final Optional<Duration> TEN_SECONDS = Optional.of(Duration.ofSeconds(10));

  private final ManualClock clock = new ManualClock(1_000_000);
  private HierarchicalDrfAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new HierarchicalDrfAllocator(AllocatorConfig.DEFAULT, clock);
    addAgent(allocator, "a1", ALL);
    allocator.addFramework(fw("A"), "r");
  }

  private void decline(String framework, String agent, String resources, Optional<Duration> refuse) {
    allocator.recoverResources(fw(framework), agent(agent), res(resources), refuse);
  }

  @Test
  void declinedResourcesAreNotReofferedUntilTheFilterExpires() {
    assertEquals(List.of(alloc("A", "a1", ALL)), allocator.allocate());
    decline("A", "a1", ALL, TEN_SECONDS);
    assertEquals(List.of(), allocator.allocate());
    clock.advanceMillis(9_999);
    assertEquals(List.of(), allocator.allocate());
    clock.advanceMillis(1);
    assertEquals(List.of(alloc("A", "a1", ALL)), allocator.allocate());
  }

  @Test
  void reviveClearsFilters() {
    allocator.allocate();
    decline("A", "a1", ALL, TEN_SECONDS);
    assertEquals(List.of(), allocator.allocate());
    allocator.revive(fw("A"));
    assertEquals(List.of(alloc("A", "a1", ALL)), allocator.allocate());
  }

  @Test
  void filterIsIgnoredWhenMoreBecameFree() {
    allocator.allocate();
    decline("A", "a1", "cpus:2;mem:2048", TEN_SECONDS);
    assertEquals(List.of(), allocator.allocate(), "only the refused part is free");
    decline("A", "a1", "cpus:1;mem:1024", Optional.empty());
    assertEquals(List.of(alloc("A", "a1", "cpus:3;mem:3072")), allocator.allocate());
  }

  @Test
  void filterStillAppliesToLessThanWasRefused() {
    allocator.allocate();
    decline("A", "a1", "cpus:2;mem:2048", TEN_SECONDS);
    allocator.addFramework(fw("B"), "r");
    assertEquals(List.of(alloc("B", "a1", "cpus:2;mem:2048")), allocator.allocate());
    decline("B", "a1", "cpus:1;mem:1024", Optional.empty());
    decline("B", "a1", "cpus:1;mem:1024", Optional.empty());
    assertEquals(List.of(alloc("B", "a1", "cpus:2;mem:2048")), allocator.allocate(), "A's filter still holds");
  }

  @Test
  void aFilterKeepsOnlyItsOwnFrameworkAway() {
    allocator.addFramework(fw("B"), "r");
    assertEquals(List.of(alloc("A", "a1", ALL)), allocator.allocate());
    decline("A", "a1", ALL, TEN_SECONDS);
    assertEquals(List.of(alloc("B", "a1", ALL)), allocator.allocate());
  }

  @Test
  void aFilterAppliesToOneAgentOnly() {
    addAgent(allocator, "a2", ALL);
    allocator.addFramework(fw("B"), "r");
    assertEquals(List.of(alloc("A", "a1", ALL), alloc("B", "a2", ALL)), allocator.allocate());
    decline("A", "a1", ALL, TEN_SECONDS);
    decline("B", "a2", ALL, Optional.empty());
    assertEquals(List.of(alloc("B", "a1", ALL), alloc("A", "a2", ALL)), allocator.allocate());
  }

  @Test
  void zeroRefusalSetsNoFilterAndHugeRefusalIsCapped() {
    allocator.allocate();
    decline("A", "a1", ALL, Optional.of(Duration.ZERO));
    assertEquals(List.of(alloc("A", "a1", ALL)), allocator.allocate());
    decline("A", "a1", ALL, Optional.of(Duration.ofSeconds(Long.MAX_VALUE)));
    clock.advance(HierarchicalDrfAllocator.MAX_REFUSE.minusMillis(1));
    assertEquals(List.of(), allocator.allocate());
    clock.advanceMillis(1);
    assertEquals(List.of(alloc("A", "a1", ALL)), allocator.allocate());
  }

  @Test
  void suppressStopsOffersAndReviveResumesThem() {
    allocator.suppress(fw("A"));
    assertEquals(List.of(), allocator.allocate());
    clock.advance(Duration.ofHours(1));
    assertEquals(List.of(), allocator.allocate());
    allocator.revive(fw("A"));
    assertEquals(List.of(alloc("A", "a1", ALL)), allocator.allocate());
  }

  @Test
  void suppressedFrameworkIsSkippedForTheNextInOrder() {
    allocator.addFramework(fw("B"), "r");
    allocator.suppress(fw("A"));
    assertEquals(List.of(alloc("B", "a1", ALL)), allocator.allocate());
  }
}
