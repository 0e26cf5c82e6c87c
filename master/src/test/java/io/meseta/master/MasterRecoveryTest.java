package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.master.CallRejected.Reason;
import io.meseta.master.registry.FrameworkDescriptor;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.Event;
import io.meseta.protocol.thrift.EventType;
import io.meseta.protocol.thrift.Offer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A master that takes over a registry (a restart, or a new leader) knows the agents, frameworks
 * and tasks of the one before, and waits for them to come back before it offers or forgets.
 */
class MasterRecoveryTest {
  private static final Duration FAILOVER = Duration.ofSeconds(60);

  private final MasterHarness first = new MasterHarness();
  private AgentId a1;
  private AgentId a2;
  private FrameworkId f;
  private FrameworkDescriptor fd;
  private TaskSpec t1;
  private TaskSpec t2;
  private TaskSpec t3;

  /** Two agents, one framework; t1 and t3 run, t2 is still staging on a1. */
  @BeforeEach
  void firstMasterRunsTasks() {
    a1 = first.agent("host1", "cpus:4;mem:4096");
    a2 = first.agent("host2", "cpus:2;mem:1024");
    fd = MasterHarness.descriptor("fw", "*", FAILOVER);
    f = first.master.registerFramework(fd, Optional.empty());
    first.master.allocate();
    Map<String, String> offerOn = first.offers(f).stream().collect(Collectors.toMap(Offer::getAgentId,
        Offer::getOfferId));
    t1 = MasterHarness.task("t1", a1, "cpus:1;mem:512");
    t2 = MasterHarness.task("t2", a1, "cpus:1;mem:512");
    t3 = MasterHarness.task("t3", a2, "cpus:1;mem:256");
    first.master.accept(f, List.of(OfferId.of(offerOn.get(a1.value()))), List.of(t1, t2), Optional.of(Duration.ZERO));
    first.master.accept(f, List.of(OfferId.of(offerOn.get(a2.value()))), List.of(t3), Optional.of(Duration.ZERO));
    first.master.statusUpdate(a1, f, MasterHarness.status("t1", TaskState.RUNNING, "u1"));
    first.master.statusUpdate(a2, f, MasterHarness.status("t3", TaskState.RUNNING, "u3"));
    first.commit();
  }

  private MasterHarness takeOver(String masterId) {
    first.clock.advance(Duration.ofSeconds(1));
    return new MasterHarness(first.config, first.store, masterId, first.clock);
  }

  private static Map<String, TaskState> states(MasterHarness h) {
    Map<String, TaskState> out = new TreeMap<>();
    h.master.snapshot(true).tasks().forEach(t -> out.put(t.id().value(), t.state()));
    return out;
  }

  @Test
  void theNewMasterKnowsAgentsFrameworksAndTasksButOffersNothingYet() {
    MasterHarness next = takeOver("M2");
    MasterSnapshot s = next.master.snapshot(false);
    assertEquals(List.of(a1, a2), s.agents().stream().map(MasterSnapshot.AgentView::id).toList());
    assertTrue(s.agents().stream().noneMatch(MasterSnapshot.AgentView::active), "recovered agents wait");
    assertEquals(List.of(f), s.frameworks().stream().map(MasterSnapshot.FrameworkView::id).toList());
    assertFalse(s.frameworks().get(0).active());
    assertEquals(Map.of("t1", TaskState.RUNNING, "t2", TaskState.STAGING, "t3", TaskState.RUNNING), states(next));
    assertEquals(t1, next.master.liveTasks().stream().filter(t -> t.spec().taskId().equals(t1.taskId()))
        .findFirst().orElseThrow().spec());
    assertEquals(2, next.metrics.recoveredAgents.getCount());
    assertEquals(3, next.metrics.recoveredTasks.getCount());

    assertEquals(f, next.master.registerFramework(fd, Optional.of(f)));
    assertEquals(0, next.master.allocate(), "no agent has re-registered: nothing to offer");
    CallRejected e = assertThrows(CallRejected.class, () -> next.master.agentHeartbeat(a1));
    assertEquals(Reason.UNKNOWN_AGENT, e.reason(), "a heartbeat makes the agent re-register");
    assertTrue(e.getMessage().contains("re-register"), e.getMessage());
  }

  @Test
  void anAgentThatReregistersWithItsTasksKeepsThemAndIsOfferedTheRest() {
    MasterHarness next = takeOver("M2");
    next.master.registerFramework(fd, Optional.of(f));
    next.reregister(a1, "host1", "cpus:4;mem:4096", MasterHarness.running(f, t1), MasterHarness.running(f, t2));
    assertEquals(Map.of("t1", TaskState.RUNNING, "t2", TaskState.RUNNING, "t3", TaskState.RUNNING), states(next));
    assertEquals(1, next.master.allocate());
    List<Offer> offers = next.offers(f);
    assertEquals(a1.value(), offers.get(0).getAgentId());
    assertEquals(Resources.parse("cpus:2;mem:3072"), ResourceCodec.fromWire(offers.get(0).getResources()));
    assertTrue(offers.get(0).getOfferId().startsWith("M2-O"), offers.get(0).getOfferId());
    next.master.agentHeartbeat(a1);
    assertEquals(1, next.metrics.recoveredAgentsReregistered.getCount());
  }

  @Test
  void aTaskTheAgentNoLongerRunsIsLostAndOneItRunsUnknownIsAdopted() {
    MasterHarness next = takeOver("M2");
    next.master.registerFramework(fd, Optional.of(f));
    TaskSpec extra = MasterHarness.task("t9", a1, "cpus:0.5;mem:64");
    next.reregister(a1, "host1", "cpus:4;mem:4096", MasterHarness.running(f, t1), MasterHarness.running(f, extra));
    List<Event> updates = next.events(f, EventType.UPDATE);
    assertEquals(List.of("t2:LOST:AGENT_REMOVED"), updates.stream().map(e -> e.getStatus().getTaskId() + ":"
        + e.getStatus().getState() + ":" + e.getStatus().getReason()).toList());
    assertEquals(Map.of("t1", TaskState.RUNNING, "t2", TaskState.LOST, "t3", TaskState.RUNNING,
        "t9", TaskState.RUNNING), states(next));
  }

  @Test
  void anAgentThatDoesNotReregisterInTimeIsRemovedAndItsTasksReportedLost() {
    MasterHarness next = takeOver("M2");
    next.reregister(a1, "host1", "cpus:4;mem:4096", MasterHarness.running(f, t1), MasterHarness.running(f, t2));
    next.clock.advance(next.config.agentReregisterTimeout().minusSeconds(1));
    next.master.agentHeartbeat(a1);
    next.master.checkAgents();
    assertEquals(2, next.master.activeAgents(), "a2 still has time");
    next.clock.advance(Duration.ofSeconds(1));
    next.master.agentHeartbeat(a1);
    next.master.checkAgents();
    assertEquals(1, next.master.activeAgents());
    assertEquals(1, next.metrics.recoveredAgentsExpired.getCount());

    // The framework re-registers only now, and still hears what happened while it was away.
    next.master.registerFramework(fd, Optional.of(f));
    List<Event> events = next.events(f);
    Event lost = events.stream().filter(e -> e.getType() == EventType.UPDATE).findFirst().orElseThrow();
    assertEquals("t3", lost.getStatus().getTaskId());
    assertEquals("LOST", lost.getStatus().getState().name());
    assertEquals("AGENT_REMOVED", lost.getStatus().getReason());
    assertTrue(lost.getStatus().getMessage().contains("did not re-register"), lost.getStatus().getMessage());
    assertTrue(events.stream().anyMatch(e -> e.getType() == EventType.AGENT_LOST
        && e.getAgentId().equals(a2.value())));
    CallRejected e = assertThrows(CallRejected.class, () -> next.reregister(a2, "host2", "cpus:2;mem:1024",
        MasterHarness.running(f, t3)));
    assertEquals(Reason.AGENT_REMOVED, e.reason());

    next.commit();
    MasterHarness third = new MasterHarness(next.config, next.store, "M3", next.clock);
    CallRejected again = assertThrows(CallRejected.class, () -> third.reregister(a2, "host2", "cpus:2;mem:1024"));
    assertEquals(Reason.AGENT_REMOVED, again.reason(), "the removal outlives the master that made it");
  }

  @Test
  void aFrameworkThatDoesNotReregisterIsRemovedAfterItsTimeoutsAndItsTasksKilled() {
    MasterHarness next = takeOver("M2");
    Duration grace = next.config.frameworkTimeout().plus(FAILOVER);
    next.clock.advance(grace.minusSeconds(1));
    next.master.checkFrameworks();
    assertEquals(1, next.master.snapshot(false).frameworks().size());
    next.clock.advance(Duration.ofSeconds(1));
    next.master.checkFrameworks();
    assertTrue(next.master.snapshot(false).frameworks().isEmpty());
    assertEquals(List.of(f, f), next.gateway.shutdowns, "both agents are told to kill its tasks");
    assertEquals(Map.of("t1", TaskState.KILLED, "t2", TaskState.KILLED, "t3", TaskState.KILLED), states(next));
    CallRejected e = assertThrows(CallRejected.class, () -> next.master.registerFramework(fd, Optional.of(f)));
    assertEquals(Reason.UNKNOWN_FRAMEWORK, e.reason());
  }

  @Test
  void aReregisteredFrameworkIsNotRemovedLater() {
    MasterHarness next = takeOver("M2");
    next.master.registerFramework(fd, Optional.of(f));
    next.events(f);
    next.clock.advance(Duration.ofSeconds(5));
    next.master.checkFrameworks();
    next.events(f);
    next.clock.advance(next.config.frameworkTimeout().plus(FAILOVER).plusSeconds(1));
    next.master.checkFrameworks(); // silent: disconnected, its own failover timeout starts now
    next.master.checkFrameworks();
    assertEquals(1, next.master.snapshot(false).frameworks().size());
  }

  @Test
  void idsAreNeverIssuedTwice() {
    MasterHarness next = takeOver("M2");
    AgentId a3 = next.agent("host3", "cpus:1;mem:1");
    FrameworkId f2 = next.framework("other", "*");
    assertEquals("M2-S000003", a3.value());
    assertEquals("M2-F000002", f2.value());
    next.commit();
    // Even a master whose id repeats an earlier one continues the counters.
    MasterHarness same = new MasterHarness(next.config, next.store, "M2", next.clock);
    assertEquals("M2-S000004", same.agent("host4", "cpus:1;mem:1").value());
    assertEquals("M2-F000003", same.framework("third", "*").value());
  }

  @Test
  void endedTasksKeepTheirIdsAndAnswerReconciliation() {
    first.master.statusUpdate(a1, f, MasterHarness.status("t1", TaskState.FINISHED, "u9"));
    first.commit();
    MasterHarness next = takeOver("M2");
    next.master.registerFramework(fd, Optional.of(f));
    next.reregister(a1, "host1", "cpus:4;mem:4096", MasterHarness.running(f, t2));
    next.master.allocate();
    OfferId offer = OfferId.of(next.offers(f).get(0).getOfferId());
    CallRejected e = assertThrows(CallRejected.class, () -> next.master.accept(f, List.of(offer),
        List.of(MasterHarness.task("t1", a1, "cpus:1")), Optional.empty()));
    assertEquals(Reason.DUPLICATE_TASK, e.reason());
    next.master.reconcile(f, List.of(TaskId.of("t1")));
    Event answer = next.events(f, EventType.UPDATE).get(0);
    assertEquals("FINISHED", answer.getStatus().getState().name());
  }

  @Test
  void endsTheOldMasterReportedItselfAreDeliveredAgain() {
    // The old master reported t2 LOST itself (nothing to acknowledge, so nothing retries it) and
    // may have died before the framework polled; t1's end came from its agent, which resends it.
    first.master.launchFailed(a1, f, List.of(t2.taskId()), "connection refused");
    first.master.statusUpdate(a1, f, MasterHarness.status("t1", TaskState.FINISHED, "u9"));
    first.commit();
    MasterHarness next = takeOver("M2");
    next.master.registerFramework(fd, Optional.of(f));
    List<Event> updates = next.events(f, EventType.UPDATE);
    assertEquals(List.of("t2:LOST:AGENT_UNREACHABLE"), updates.stream().map(e -> e.getStatus().getTaskId() + ":"
        + e.getStatus().getState() + ":" + e.getStatus().getReason()).toList());
    assertFalse(updates.get(0).getStatus().isSetUpdateId());
  }
}
