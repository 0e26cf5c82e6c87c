package io.meseta.core.allocation;

import static io.meseta.core.allocation.Fixtures.addAgent;
import static io.meseta.core.allocation.Fixtures.agent;
import static io.meseta.core.allocation.Fixtures.alloc;
import static io.meseta.core.allocation.Fixtures.fw;
import static io.meseta.core.allocation.Fixtures.recoverAll;
import static io.meseta.core.allocation.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.core.resources.Resources;
import io.meseta.core.time.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Frameworks and agents coming and going. */
class AllocatorLifecycleTest {
  private static final String ALL = "cpus:4;mem:4096";

  private final ManualClock clock = new ManualClock();
  private HierarchicalDrfAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new HierarchicalDrfAllocator(AllocatorConfig.DEFAULT, clock);
    addAgent(allocator, "a1", ALL);
    allocator.addFramework(fw("A"), "r");
    allocator.addFramework(fw("B"), "r");
  }

  @Test
  void inactiveFrameworksGetNothingAndKeepWhatTheyHold() {
    allocator.deactivateFramework(fw("A"));
    assertEquals(List.of(alloc("B", "a1", ALL)), allocator.allocate());
    allocator.deactivateFramework(fw("B"));
    allocator.recoverResources(fw("B"), agent("a1"), res("cpus:1;mem:1024"), Optional.empty());
    assertEquals(List.of(), allocator.allocate());
    assertEquals(res("cpus:3;mem:3072"), allocator.allocated(fw("B")));
    allocator.activateFramework(fw("A"));
    assertEquals(List.of(alloc("A", "a1", "cpus:1;mem:1024")), allocator.allocate());
  }

  @Test
  void removingAFrameworkReturnsItsResources() {
    addAgent(allocator, "a2", ALL);
    assertEquals(List.of(alloc("A", "a1", ALL), alloc("B", "a2", ALL)), allocator.allocate());
    allocator.removeFramework(fw("A"));
    assertEquals(res(ALL), allocator.available(agent("a1")));
    assertEquals(List.of(alloc("B", "a1", ALL)), allocator.allocate());
    assertEquals(Resources.cpusMem(8, 8192), allocator.allocated(fw("B")));
    allocator.removeFramework(fw("A"));
  }

  @Test
  void removingAnAgentForgetsWhatWasAllocatedThere() {
    addAgent(allocator, "a2", "cpus:12;mem:12288");
    assertEquals(List.of(alloc("A", "a1", ALL), alloc("B", "a2", "cpus:12;mem:12288")), allocator.allocate());
    assertEquals(0.25, allocator.dominantShare(fw("A")), 1e-12);
    allocator.removeAgent(agent("a2"));
    assertEquals(Resources.EMPTY, allocator.allocated(fw("B")));
    assertEquals(0.0, allocator.dominantShare(fw("B")));
    assertEquals(1.0, allocator.dominantShare(fw("A")), 1e-12);
    assertEquals(res(ALL), allocator.clusterTotal());
    allocator.recoverResources(fw("A"), agent("a1"), res(ALL), Optional.empty());
    assertEquals(List.of(alloc("A", "a1", ALL)), allocator.allocate(), "both hold nothing: tie goes to A");
    allocator.removeAgent(agent("a2"));
  }

  @Test
  void clusterTotalFollowsAgents() {
    addAgent(allocator, "a2", "cpus:2;mem:100;disk:50");
    assertEquals(res("cpus:6;mem:4196;disk:50"), allocator.clusterTotal());
    allocator.removeAgent(agent("a1"));
    assertEquals(res("cpus:2;mem:100;disk:50"), allocator.clusterTotal());
  }

  @Test
  void anAgentJoinsWithWhatFrameworksAlreadyUseThere() {
    allocator.addAgent(agent("a2"), AgentProfile.of("a2.example"), res("cpus:8;mem:8192"),
        Map.of(fw("A"), res("cpus:2;mem:1024"), fw("C"), res("cpus:1;mem:1024")));
    assertEquals(res("cpus:5;mem:6144"), allocator.available(agent("a2")));
    assertEquals(res("cpus:2;mem:1024"), allocator.allocated(fw("A")));
    assertEquals(res("cpus:1;mem:1024"), allocator.allocated(fw("C")), "C is known from the agent only");
    assertEquals(List.of(alloc("B", "a1", ALL), alloc("A", "a2", "cpus:5;mem:6144")), allocator.allocate());

    allocator.addFramework(fw("C"), "r");
    assertEquals(res("cpus:1;mem:1024"), allocator.allocated(fw("C")));
    recoverAll(allocator, List.of(alloc("A", "a2", "cpus:5;mem:6144")));
    assertEquals(List.of(alloc("C", "a2", "cpus:5;mem:6144")), allocator.allocate(), "C has the lowest share");
    allocator.removeFramework(fw("C"));
    assertEquals(res("cpus:6;mem:7168"), allocator.available(agent("a2")));
  }

  @Test
  void holdingsOfAnUnaddedFrameworkCanBeRecoveredAndVanishWithTheAgent() {
    allocator.addAgent(agent("a2"), AgentProfile.of("a2.example"), res("cpus:8;mem:8192"),
        Map.of(fw("C"), res("cpus:1;mem:1024")));
    allocator.recoverResources(fw("C"), agent("a2"), res("cpus:1;mem:512"), Optional.empty());
    assertEquals(res("mem:512"), allocator.allocated(fw("C")));
    allocator.removeAgent(agent("a2"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> allocator.allocated(fw("C")));
  }

  @Test
  void partialRecoveriesAddUp() {
    allocator.allocate();
    allocator.recoverResources(fw("A"), agent("a1"), res("cpus:0.1"), Optional.empty());
    for (int i = 0; i < 9; i++) {
      allocator.recoverResources(fw("A"), agent("a1"), res("cpus:0.1"), Optional.empty());
    }
    assertEquals(res("cpus:3;mem:4096"), allocator.allocated(fw("A")));
    assertEquals(res("cpus:1"), allocator.available(agent("a1")));
    assertEquals(List.of(alloc("B", "a1", "cpus:1")), allocator.allocate());
  }
}
