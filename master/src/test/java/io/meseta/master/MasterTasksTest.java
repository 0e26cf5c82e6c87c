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
import io.meseta.core.task.TaskState;
import io.meseta.master.CallRejected.Reason;
import io.meseta.protocol.thrift.Event;
import io.meseta.protocol.thrift.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MasterTasksTest {
  private final MasterHarness h = new MasterHarness();
  private AgentId agent;
  private FrameworkId f;

  @BeforeEach
  void launchOneTask() {
    agent = h.agent("host1", "cpus:4;mem:4096");
    f = h.framework("fw", "*");
    h.master.allocate();
    OfferId offer = OfferId.of(h.offers(f).get(0).getOfferId());
    h.master.accept(f, List.of(offer), List.of(MasterHarness.task("t1", agent, "cpus:1;mem:512")),
        Optional.of(Duration.ZERO));
  }

  @Test
  void updatesReachTheFrameworkAndTheEndReleasesResources() {
    h.master.statusUpdate(agent, f, MasterHarness.status("t1", TaskState.RUNNING, "u1"));
    h.master.statusUpdate(agent, f, MasterHarness.status("t1", TaskState.FINISHED, "u2"));
    List<Event> updates = h.events(f, EventType.UPDATE);
    assertEquals(List.of("RUNNING", "FINISHED"), updates.stream().map(e -> e.getStatus().getState().name()).toList());
    assertEquals("u2", updates.get(1).getStatus().getUpdateId());
    assertEquals(agent.value(), updates.get(1).getStatus().getAgentId());
    assertTrue(h.master.liveTasks().isEmpty());
    h.master.allocate();
    assertEquals(Resources.parse("cpus:4;mem:4096"),
        io.meseta.protocol.codec.ResourceCodec.fromWire(h.offers(f).get(0).getResources()));
  }

  @Test
  void acknowledgementsGoToTheAgent() {
    h.master.acknowledge(f, agent, TaskId.of("t1"), "u1");
    assertEquals(List.of(new RecordingGateway.Ack(agent, f, TaskId.of("t1"), "u1")), h.gateway.acks);
  }

  @Test
  void anAgentsResendOfAQueuedUpdateReachesTheFrameworkOnce() {
    h.master.statusUpdate(agent, f, MasterHarness.status("t1", TaskState.RUNNING, "u1"));
    h.master.statusUpdate(agent, f, MasterHarness.status("t1", TaskState.RUNNING, "u1"));
    assertEquals(1, h.events(f, EventType.UPDATE).size());
    assertTrue(h.gateway.acks.isEmpty(), "nothing acknowledged yet");

    // the framework acknowledged, but the agent resends (the ack was lost): the master repeats the ack
    h.master.acknowledge(f, agent, TaskId.of("t1"), "u1");
    h.master.statusUpdate(agent, f, MasterHarness.status("t1", TaskState.RUNNING, "u1"));
    assertTrue(h.events(f, EventType.UPDATE).isEmpty());
    assertEquals(2, h.gateway.acks.size());

    // a new update is forwarded as usual
    h.master.statusUpdate(agent, f, MasterHarness.status("t1", TaskState.FINISHED, "u2"));
    assertEquals(List.of("FINISHED"),
        h.events(f, EventType.UPDATE).stream().map(e -> e.getStatus().getState().name()).toList());
  }

  @Test
  void updatesWithoutAnIdAreRefused() {
    var noId = MasterHarness.status("t1", TaskState.RUNNING, "x").withoutUpdateId();
    CallRejected e = assertThrows(CallRejected.class, () -> h.master.statusUpdate(agent, f, noId));
    assertEquals(Reason.INVALID_REQUEST, e.reason());
  }

  @Test
  void aSilentAgentIsRemovedItsTasksLostAndItsOffersRescinded() {
    h.master.allocate();
    h.events(f);
    h.clock.advance(Duration.ofSeconds(4));
    h.master.checkAgents();
    List<Event> events = h.events(f);
    assertTrue(events.stream().anyMatch(e -> e.getType() == EventType.RESCIND), events.toString());
    Event lost = events.stream().filter(e -> e.getType() == EventType.UPDATE).findFirst().orElseThrow();
    assertEquals("LOST", lost.getStatus().getState().name());
    assertEquals("AGENT_REMOVED", lost.getStatus().getReason());
    assertTrue(events.stream().anyMatch(e -> e.getType() == EventType.AGENT_LOST));
    assertEquals(0, h.master.activeAgents());
    CallRejected e = assertThrows(CallRejected.class, () -> h.master.agentHeartbeat(agent));
    assertEquals(Reason.AGENT_REMOVED, e.reason());
  }

  @Test
  void aHeartbeatingAgentStays() {
    for (int i = 0; i < 10; i++) {
      h.clock.advance(Duration.ofSeconds(1));
      h.master.agentHeartbeat(agent);
      h.master.checkAgents();
    }
    assertEquals(1, h.master.activeAgents());
  }

  @Test
  void killGoesToTheTasksAgent() {
    h.master.killTask(f, TaskId.of("t1"), Optional.empty());
    assertEquals(List.of(new RecordingGateway.Kill(agent, f, TaskId.of("t1"))), h.gateway.kills);
  }

  @Test
  void implicitReconciliationReportsLiveTasks() {
    h.master.statusUpdate(agent, f, MasterHarness.status("t1", TaskState.RUNNING, "u1"));
    h.events(f);
    h.master.reconcile(f, List.of());
    List<Event> updates = h.events(f, EventType.UPDATE);
    assertEquals(1, updates.size());
    assertEquals("RUNNING", updates.get(0).getStatus().getState().name());
    assertEquals("RECONCILIATION", updates.get(0).getStatus().getReason());
    assertFalse(updates.get(0).getStatus().isSetUpdateId());
  }

  @Test
  void explicitReconciliationOfAnUnknownTaskSaysLost() {
    h.master.reconcile(f, List.of(TaskId.of("t1"), TaskId.of("ghost")));
    List<Event> updates = h.events(f, EventType.UPDATE);
    assertEquals(List.of("t1:STAGING", "ghost:LOST"), updates.stream()
        .map(e -> e.getStatus().getTaskId() + ":" + e.getStatus().getState()).toList());
  }

  @Test
  void teardownShutsTheFrameworkDownOnItsAgents() {
    h.master.teardown(f);
    assertEquals(List.of(f), h.gateway.shutdowns);
    assertEquals(0, h.master.activeFrameworks());
    assertThrows(CallRejected.class, () -> h.master.revive(f));
    // a late update for the removed framework is acknowledged by the master itself
    h.master.statusUpdate(agent, f, MasterHarness.status("t1", TaskState.KILLED, "late"));
    assertEquals("late", h.gateway.acks.get(0).updateId());
  }

  @Test
  void aSilentFrameworkIsDisconnectedThenRemovedAfterItsFailoverTimeout() {
    h.clock.advance(h.config.frameworkTimeout().plusSeconds(1));
    h.master.checkFrameworks();
    assertEquals(0, h.master.activeFrameworks());
    h.master.checkFrameworks();
    assertEquals(List.of(f), h.gateway.shutdowns, "failover timeout 0: removed on the next check");
  }

  @Test
  void launchThatCannotReachTheAgentEndsLost() {
    h.master.launchFailed(agent, f, List.of(TaskId.of("t1")), "connection refused");
    Event lost = h.events(f, EventType.UPDATE).get(0);
    assertEquals("LOST", lost.getStatus().getState().name());
    assertEquals("AGENT_UNREACHABLE", lost.getStatus().getReason());
    assertTrue(h.master.liveTasks().isEmpty());
  }
}
