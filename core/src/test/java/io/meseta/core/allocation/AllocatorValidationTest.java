package io.meseta.core.allocation;

import static io.meseta.core.allocation.Fixtures.addAgent;
import static io.meseta.core.allocation.Fixtures.agent;
import static io.meseta.core.allocation.Fixtures.describe;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Bad input is rejected with a message that names what was wrong, and changes nothing. */
class AllocatorValidationTest {
  private static final List<String> AGENTS = List.of("a1", "a2");
  private static final List<String> FRAMEWORKS = List.of("A", "B");

  private final ManualClock clock = new ManualClock();

  /** Two agents, two frameworks, one allocation round, part of a1 given back by A. */
  private HierarchicalDrfAllocator started() {
    HierarchicalDrfAllocator allocator = new HierarchicalDrfAllocator(AllocatorConfig.DEFAULT, clock);
    addAgent(allocator, "a1", "cpus:4;mem:4096;ports:[31000-31009]");
    addAgent(allocator, "a2", "cpus:2;mem:8192");
    allocator.addFramework(fw("A"), "r1");
    allocator.addFramework(fw("B"), "r2");
    allocator.allocate();
    allocator.recoverResources(fw("A"), agent("a1"), res("cpus:1;mem:1024"), Optional.empty());
    return allocator;
  }

  /** Runs {@code bad} on a started allocator and compares it with an untouched twin. */
  private void check(Consumer<HierarchicalDrfAllocator> bad, String... fragments) {
    HierarchicalDrfAllocator s = started();
    HierarchicalDrfAllocator twin = started();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.accept(s));
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
    assertEquals(describe(twin, AGENTS, FRAMEWORKS), describe(s, AGENTS, FRAMEWORKS));
    assertEquals(twin.allocate(), s.allocate());
  }

  @Test
  void startedStateIsWhatTheTestsExpect() {
    HierarchicalDrfAllocator s = started();
    assertEquals(res("cpus:3;mem:3072;ports:[31000-31009]"), s.allocated(fw("A")));
    assertEquals(res("cpus:2;mem:8192"), s.allocated(fw("B")));
  }

  @Test
  void recoveringMoreThanHeldIsRejected() {
    check(s -> s.recoverResources(fw("A"), agent("a1"), res("cpus:4"), Optional.empty()), "A", "a1", "cpus:4");
    check(s -> s.recoverResources(fw("A"), agent("a2"), res("cpus:1"), Optional.empty()), "A", "a2", "nothing");
    check(s -> s.recoverResources(fw("A"), agent("a1"), res("ports:[31010]"), Optional.empty()), "ports");
  }

  @Test
  void recoveringFromUnknownFrameworksOrAgentsIsRejected() {
    check(s -> s.recoverResources(fw("Z"), agent("a1"), res("cpus:1"), Optional.empty()), "Z");
    check(s -> s.recoverResources(fw("A"), agent("a9"), res("cpus:1"), Optional.empty()), "a9");
  }

  @Test
  void negativeRefusalIsRejected() {
    check(s -> s.recoverResources(fw("A"), agent("a1"), res("cpus:1"), Optional.of(Duration.ofSeconds(-1))),
        "A", "a1", "negative");
  }

  @Test
  void duplicateAgentIsRejected() {
    check(s -> addAgent(s, "a1", "cpus:100;mem:100"), "a1", "already known");
  }

  @Test
  void usedResourcesMustFitInTheAgent() {
    check(s -> s.addAgent(agent("a3"), AgentProfile.of("h"), res("cpus:1;mem:100"),
        Map.of(fw("A"), res("cpus:2"))), "a3", "A");
    check(s -> s.addAgent(agent("a3"), AgentProfile.of("h"), res("cpus:4;mem:100;ports:[1-10]"),
        Map.of(fw("A"), res("cpus:1;ports:[1-5]"), fw("B"), res("cpus:1;ports:[5-6]"))), "a3", "B", "ports");
  }

  @Test
  void duplicateFrameworkAndBlankRoleAreRejected() {
    check(s -> s.addFramework(fw("A"), "r9"), "A", "already known");
    check(s -> s.addFramework(fw("C"), " "), "C", "role");
  }

  @Test
  void callsAboutUnknownFrameworksAreRejected() {
    check(s -> s.suppress(fw("Z")), "Z");
    check(s -> s.revive(fw("Z")), "Z");
    check(s -> s.deactivateFramework(fw("Z")), "Z");
    check(s -> s.activateFramework(fw("Z")), "Z");
    check(s -> s.allocated(fw("Z")), "Z");
    check(s -> s.dominantShare(fw("Z")), "Z");
  }

  @Test
  void removingUnknownsIsIgnored() {
    HierarchicalDrfAllocator s = started();
    HierarchicalDrfAllocator twin = started();
    s.removeAgent(agent("a9"));
    s.removeFramework(fw("Z"));
    assertEquals(describe(twin, AGENTS, FRAMEWORKS), describe(s, AGENTS, FRAMEWORKS));
  }
}
