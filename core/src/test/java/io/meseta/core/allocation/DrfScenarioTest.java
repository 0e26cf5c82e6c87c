package io.meseta.core.allocation;

import static io.meseta.core.allocation.Fixtures.addAgent;
import static io.meseta.core.allocation.Fixtures.alloc;
import static io.meseta.core.allocation.Fixtures.fw;
import static io.meseta.core.allocation.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;
import io.meseta.core.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Fairness scenarios driven through the allocator alone, under a manual clock. */
class DrfScenarioTest {
  private final ManualClock clock = new ManualClock();

  /**
   * Frameworks that always want more: on each allocation a framework launches one task if it fits
   * (keeping its resources) and gives the rest back; if nothing fits, it declines everything
   * for a day. Runs until an allocation round hands out nothing; returns the frameworks served,
   * in order, and counts the tasks launched.
   */
  private List<String> runGreedy(Allocator allocator, Map<FrameworkId, Resources> taskSize,
      Map<FrameworkId, Integer> tasks) {
    List<String> served = new ArrayList<>();
    for (int round = 0; round < 10_000; round++) {
      List<Allocation> allocations = allocator.allocate();
      if (allocations.isEmpty()) {
        return served;
      }
      for (Allocation a : allocations) {
        served.add(a.frameworkId().value());
        Resources need = taskSize.get(a.frameworkId());
        if (a.resources().contains(need)) {
          tasks.merge(a.frameworkId(), 1, Integer::sum);
          allocator.recoverResources(a.frameworkId(), a.agentId(), a.resources().minus(need), Optional.empty());
        } else {
          allocator.recoverResources(a.frameworkId(), a.agentId(), a.resources(), Optional.of(Duration.ofDays(1)));
        }
      }
    }
    throw new AssertionError("allocation did not settle");
  }

  @Test
  void drfPaperExampleGivesAThreeTasksAndBTwo() {
    HierarchicalDrfAllocator allocator = new HierarchicalDrfAllocator(AllocatorConfig.DEFAULT, clock);
    addAgent(allocator, "s1", "cpus:9;mem:18432");
    allocator.addFramework(fw("A"), "analytics");
    allocator.addFramework(fw("B"), "analytics");
    Map<FrameworkId, Integer> tasks = new TreeMap<>();
    List<String> served = runGreedy(allocator,
        Map.of(fw("A"), Resources.cpusMem(1, 4096), fw("B"), Resources.cpusMem(3, 1024)), tasks);

    assertEquals(Map.of(fw("A"), 3, fw("B"), 2), tasks);
    assertEquals(List.of("A", "B", "A", "B", "A", "A", "B"), served);
    assertEquals(Resources.cpusMem(3, 12288), allocator.allocated(fw("A")));
    assertEquals(Resources.cpusMem(6, 2048), allocator.allocated(fw("B")));
    assertEquals(2.0 / 3, allocator.dominantShare(fw("A")), 1e-12);
    assertEquals(2.0 / 3, allocator.dominantShare(fw("B")), 1e-12);
    assertEquals(res("mem:4096"), allocator.available(Fixtures.agent("s1")));
  }

  @Test
  void drfPaperExampleHoldsAcrossRolesToo() {
    HierarchicalDrfAllocator allocator = new HierarchicalDrfAllocator(AllocatorConfig.DEFAULT, clock);
    addAgent(allocator, "s1", "cpus:9;mem:18432");
    allocator.addFramework(fw("A"), "web");
    allocator.addFramework(fw("B"), "batch");
    Map<FrameworkId, Integer> tasks = new TreeMap<>();
    runGreedy(allocator, Map.of(fw("A"), Resources.cpusMem(1, 4096), fw("B"), Resources.cpusMem(3, 1024)), tasks);
    assertEquals(Map.of(fw("A"), 3, fw("B"), 2), tasks);
  }

  @Test
  void roleWeightsTwoToOneSplitWholeAgentsTwoToOne() {
    AllocatorConfig config = AllocatorConfig.DEFAULT.withRoleWeights(Map.of("gold", 2.0, "silver", 1.0));
    HierarchicalDrfAllocator allocator = new HierarchicalDrfAllocator(config, clock);
    for (int i = 0; i < 300; i++) {
      addAgent(allocator, String.format("a%03d", i), "cpus:1;mem:1024");
    }
    allocator.addFramework(fw("g1"), "gold");
    allocator.addFramework(fw("s1"), "silver");
    List<Allocation> allocations = allocator.allocate();

    assertEquals(300, allocations.size());
    assertEquals(List.of(alloc("g1", "a000", "cpus:1;mem:1024"), alloc("s1", "a001", "cpus:1;mem:1024"),
        alloc("g1", "a002", "cpus:1;mem:1024")), allocations.subList(0, 3));
    assertEquals(Resources.cpusMem(200, 204800), allocator.allocated(fw("g1")));
    assertEquals(Resources.cpusMem(100, 102400), allocator.allocated(fw("s1")));
    assertEquals(allocator.weightedRoleShare("gold"), allocator.weightedRoleShare("silver"), 1e-12);
  }

  @Test
  void roleWeightsTwoToOneConvergeWithSmallTasks() {
    AllocatorConfig config = AllocatorConfig.DEFAULT.withRoleWeights(Map.of("gold", 2.0));
    HierarchicalDrfAllocator allocator = new HierarchicalDrfAllocator(config, clock);
    for (int i = 0; i < 100; i++) {
      addAgent(allocator, String.format("a%03d", i), "cpus:4;mem:4096");
    }
    allocator.addFramework(fw("g1"), "gold");
    allocator.addFramework(fw("g2"), "gold");
    allocator.addFramework(fw("s1"), "silver");
    Resources task = Resources.cpusMem(1, 1024);
    Map<FrameworkId, Integer> tasks = new TreeMap<>();
    runGreedy(allocator, Map.of(fw("g1"), task, fw("g2"), task, fw("s1"), task), tasks);

    int gold = tasks.get(fw("g1")) + tasks.get(fw("g2"));
    int silver = tasks.get(fw("s1"));
    assertEquals(400, gold + silver);
    assertTrue(Math.abs(gold - 2 * silver) <= 3, "gold " + gold + " silver " + silver);
    assertTrue(Math.abs(tasks.get(fw("g1")) - tasks.get(fw("g2"))) <= 1, tasks.toString());
  }

  @Test
  void lowestShareIsServedFirstAndTiesGoByFrameworkId() {
    HierarchicalDrfAllocator allocator = new HierarchicalDrfAllocator(AllocatorConfig.DEFAULT, clock);
    addAgent(allocator, "a1", "cpus:4;mem:4096");
    addAgent(allocator, "a2", "cpus:4;mem:4096");
    addAgent(allocator, "a3", "cpus:4;mem:4096");
    allocator.addFramework(fw("zeta"), "r");
    allocator.addFramework(fw("alpha"), "r");
    assertEquals(List.of(alloc("alpha", "a1", "cpus:4;mem:4096"), alloc("zeta", "a2", "cpus:4;mem:4096"),
        alloc("alpha", "a3", "cpus:4;mem:4096")), allocator.allocate());
  }

  @Test
  void agentsBelowTheMinimumAllocatableAreNotOffered() {
    HierarchicalDrfAllocator allocator = new HierarchicalDrfAllocator(AllocatorConfig.DEFAULT, clock);
    addAgent(allocator, "tiny", "cpus:0.005;mem:10");
    addAgent(allocator, "big", "cpus:1;mem:1024");
    allocator.addFramework(fw("A"), "r");
    assertEquals(List.of(alloc("A", "big", "cpus:1;mem:1024")), allocator.allocate());

    allocator.recoverResources(fw("A"), Fixtures.agent("big"), res("cpus:0.005;mem:10"), Optional.empty());
    assertEquals(List.of(), allocator.allocate(), "0.005 cpus and 10 MB left on big");
    allocator.recoverResources(fw("A"), Fixtures.agent("big"), res("cpus:0.005"), Optional.empty());
    assertEquals(List.of(alloc("A", "big", "cpus:0.01;mem:10")), allocator.allocate(), "0.01 cpus is enough");
  }

  @Test
  void sameInputsGiveTheSameAllocations() {
    assertEquals(busyHistory(), busyHistory());
  }

  private List<List<Allocation>> busyHistory() {
    ManualClock c = new ManualClock(0);
    HierarchicalDrfAllocator allocator = new HierarchicalDrfAllocator(
        AllocatorConfig.DEFAULT.withRoleWeights(Map.of("r0", 3.0)), c);
    for (int i = 0; i < 40; i++) {
      addAgent(allocator, "agent-" + i, "cpus:" + (2 + i % 5) + ";mem:" + (1024 * (1 + i % 3)) + ";ports:[31000-31100]");
    }
    for (int i = 0; i < 9; i++) {
      allocator.addFramework(fw("fw-" + i), "r" + (i % 3));
    }
    List<List<Allocation>> history = new ArrayList<>();
    for (int cycle = 0; cycle < 20; cycle++) {
      List<Allocation> allocations = allocator.allocate();
      history.add(allocations);
      for (int i = 0; i < allocations.size(); i++) {
        Allocation a = allocations.get(i);
        Resources keep = Resources.cpusMem(1, 256);
        Resources back = a.resources().contains(keep) && i % 2 == 0 ? a.resources().minus(keep) : a.resources();
        Optional<Duration> refuse = i % 3 == 0 ? Optional.of(Duration.ofSeconds(5)) : Optional.empty();
        allocator.recoverResources(a.frameworkId(), a.agentId(), back, refuse);
      }
      c.advance(Duration.ofSeconds(1));
    }
    return history;
  }
}
