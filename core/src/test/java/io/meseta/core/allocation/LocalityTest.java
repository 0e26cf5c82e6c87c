package io.meseta.core.allocation;

import static io.meseta.core.allocation.Fixtures.agent;
import static io.meseta.core.allocation.Fixtures.fw;
import static io.meseta.core.allocation.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Locality preferences and delay scheduling in the DRF allocator. */
class LocalityTest {
  private final ManualClock clock = new ManualClock(1_000_000);
  private final HierarchicalDrfAllocator allocator = new HierarchicalDrfAllocator(AllocatorConfig.DEFAULT, clock);

  private void agentOn(String id, String host, String rack) {
    allocator.addAgent(agent(id), AgentProfile.of(host, Map.of("rack", rack)), res("cpus:4;mem:4096"), Map.of());
  }

  private void wants(String framework, Map<String, Integer> hosts, Map<String, Integer> racks) {
    allocator.setLocality(fw(framework), new LocalityWants(hosts, racks), Optional.empty());
  }

  private static Allocation alloc(String framework, String agent, LocalityLevel level) {
    return new Allocation(fw(framework), agent(agent), res("cpus:4;mem:4096"), level);
  }

  @Test
  void aFrameworkGetsTheAgentItWantsAndPassesUpTheOthersWhileItWaits() {
    agentOn("a1", "h1.example", "/r1");
    agentOn("a2", "h2.example", "/r1");
    agentOn("a3", "h3.example", "/r2");
    allocator.addFramework(fw("a"), "*");
    allocator.addFramework(fw("b"), "*");
    wants("a", Map.of("H2.example", 3), Map.of());

    assertEquals(List.of(alloc("b", "a1", LocalityLevel.ANY), alloc("a", "a2", LocalityLevel.NODE_LOCAL),
        alloc("b", "a3", LocalityLevel.ANY)), allocator.allocate());
  }

  @Test
  void afterTheNodeWaitRackLocalIsTakenAndAfterTheRackWaitAnything() {
    agentOn("a1", "h1.example", "/r1");
    allocator.addFramework(fw("a"), "*");
    wants("a", Map.of("h9.example", 1), Map.of("/r1", 1));

    assertEquals(List.of(), allocator.allocate(), "node-level wait starts");
    clock.advanceMillis(999);
    assertEquals(List.of(), allocator.allocate(), "still within the 1 s node wait");
    clock.advanceMillis(1);
    assertEquals(List.of(alloc("a", "a1", LocalityLevel.RACK_LOCAL)), allocator.allocate());

    HierarchicalDrfAllocator other = new HierarchicalDrfAllocator(AllocatorConfig.DEFAULT, clock);
    other.addAgent(agent("a1"), AgentProfile.of("h1.example", Map.of("rack", "/r1")), res("cpus:4;mem:4096"),
        Map.of());
    other.addFramework(fw("a"), "*");
    other.setLocality(fw("a"), new LocalityWants(Map.of("h9.example", 1), Map.of("/r9", 1)), Optional.empty());
    assertEquals(List.of(), other.allocate());
    clock.advanceMillis(1_000);
    assertEquals(List.of(), other.allocate(), "rack-level wait: the agent is not in /r9 either");
    clock.advanceMillis(1_000);
    assertEquals(List.of(alloc("a", "a1", LocalityLevel.ANY)), other.allocate());
  }

  @Test
  void aNodeLocalOfferRestartsTheWait() {
    agentOn("a1", "h1.example", "/r1");
    agentOn("a2", "h2.example", "/r2");
    allocator.addFramework(fw("a"), "*");
    wants("a", Map.of("h1.example", 5), Map.of());
    assertEquals(List.of(alloc("a", "a1", LocalityLevel.NODE_LOCAL)), allocator.allocate());
    clock.advanceMillis(5_000);
    // a2 was passed up at the first allocation, but the node-local offer restarted the wait.
    allocator.recoverResources(fw("a"), agent("a1"), res("cpus:4;mem:4096"), Optional.empty());
    assertEquals(List.of(alloc("a", "a1", LocalityLevel.NODE_LOCAL)), allocator.allocate());
    assertEquals(List.of(), allocator.allocate(), "a2 is not local and the wait has just restarted");
    clock.advanceMillis(2_000);
    assertEquals(List.of(alloc("a", "a2", LocalityLevel.ANY)), allocator.allocate());
  }

  @Test
  void localityDoesNotOverrideFairness() {
    agentOn("a1", "h1.example", "/r1");
    agentOn("a2", "h2.example", "/r1");
    allocator.addFramework(fw("a"), "*");
    allocator.addFramework(fw("b"), "*");
    // a already holds a whole agent; b holds nothing and takes anything: b is first in fairness
    // order, so it gets h1 even though a wants h1.
    allocator.setLocality(fw("a"), new LocalityWants(Map.of("h2.example", 1), Map.of()), Optional.empty());
    assertEquals(List.of(alloc("a", "a2", LocalityLevel.NODE_LOCAL)), allocator.allocate().subList(1, 2));
    allocator.recoverResources(fw("b"), agent("a1"), res("cpus:4;mem:4096"), Optional.empty());
    wants("a", Map.of("h1.example", 1), Map.of());
    assertEquals(List.of(alloc("b", "a1", LocalityLevel.ANY)), allocator.allocate());
  }

  @Test
  void launchesCountDownTheWishesUntilTheFrameworkTakesAnything() {
    agentOn("a1", "h1.example", "/r1");
    agentOn("a2", "h2.example", "/r2");
    allocator.addFramework(fw("a"), "*");
    wants("a", Map.of("h1.example", 2), Map.of());
    assertEquals(List.of(alloc("a", "a1", LocalityLevel.NODE_LOCAL)), allocator.allocate());
    allocator.launched(fw("a"), agent("a1"), 2);
    assertEquals(List.of(alloc("a", "a2", LocalityLevel.ANY)), allocator.allocate(),
        "with its wish for h1 used up, the framework takes any agent at once");
  }

  @Test
  void zeroWaitsMakeLocalityATieBreakOnly() {
    agentOn("a1", "h1.example", "/r1");
    allocator.addFramework(fw("a"), "*");
    allocator.setLocality(fw("a"), new LocalityWants(Map.of("h9.example", 1), Map.of()),
        Optional.of(new LocalityWaits(Duration.ZERO, Duration.ZERO)));
    assertEquals(List.of(alloc("a", "a1", LocalityLevel.ANY)), allocator.allocate());
  }

  @Test
  void agentsWithoutARackAttributeAreInTheDefaultRack() {
    assertEquals("/default-rack", AgentProfile.of("h").rack());
    assertEquals("/r7", AgentProfile.of("h", Map.of("rack", "/r7")).rack());
  }

  @Test
  void badWishesAreRefusedAndChangeNothing() {
    agentOn("a1", "h1.example", "/r1");
    allocator.addFramework(fw("a"), "*");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LocalityWants(Map.of("h1.example", -1), Map.of()));
    assertTrue(e.getMessage().contains("h1.example"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new LocalityWants(Map.of(" ", 1), Map.of()));
    assertTrue(e.getMessage().contains("host name"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new LocalityWaits(Duration.ofSeconds(-1), Duration.ZERO));
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> allocator.setLocality(fw("nobody"), LocalityWants.NONE,
        Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> allocator.launched(fw("a"), agent("a1"), -1));
    assertEquals(List.of(alloc("a", "a1", LocalityLevel.ANY)), allocator.allocate(), "the framework has no wishes");
  }
}
