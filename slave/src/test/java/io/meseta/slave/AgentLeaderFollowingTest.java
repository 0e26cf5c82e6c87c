package io.meseta.slave;

import static io.meseta.slave.AgentHarness.FW;
import static io.meseta.slave.AgentHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.protocol.thrift.RegisterAgentRequest;
import io.meseta.protocol.thrift.RunningTask;
import io.meseta.protocol.thrift.StatusUpdateRequest;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.protocol.transport.HostPort;
import io.meseta.testing.Await;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master that answers NOT_LEADER: the agent follows it to the leader it names, with its id and tasks. */
class AgentLeaderFollowingTest {
  @TempDir
  Path workDir;

  private FakeMaster other;
  private AgentHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (other != null) {
      other.close();
    }
  }

  private static RegisterAgentRequest awaitRegistration(FakeMaster master) {
    return Await.value("a registration with the master at " + master.address(), WAIT, master::registrations,
        r -> !r.isEmpty()).get(0);
  }

  @Test
  void registersWithTheLeaderThatTheConfiguredStandbyNames() throws Exception {
    FakeMaster leader = FakeMaster.start();
    other = FakeMaster.start();
    other.standBy(Optional.of(leader.address()));

    h = AgentHarness.start(leader, other.address(), workDir, UnaryOperator.identity());

    assertEquals(1, leader.registrations().size());
    assertEquals(List.of(), other.registrations());
    assertTrue(other.refusedAsStandby() >= 1);
    Await.until("the agent heartbeats the leader", WAIT, () -> leader.heartbeats() >= 2);
  }

  @Test
  void followsANewLeaderAfterFailoverWithItsIdTasksAndPendingUpdates() throws Exception {
    h = AgentHarness.start(workDir);
    h.launch(h.task("t1", "echo $$ > pid; exec sleep 300"));
    TaskStatus starting = h.awaitUpdate("t1", TaskState.STARTING); // never acknowledged by the old leader
    h.awaitPid("t1", "pid");
    Await.until("t1 runs", WAIT, () -> h.agent.tasks().stream()
        .anyMatch(t -> t.state() == io.meseta.core.task.TaskState.RUNNING));
    other = FakeMaster.start();

    h.master.standBy(Optional.of(other.address())); // the old leader lost its leadership to `other`

    RegisterAgentRequest again = awaitRegistration(other);
    assertEquals(h.agentId, again.getAgentId());
    assertEquals(1, again.getRunningTasksSize(), String.valueOf(again.getRunningTasks()));
    RunningTask t = again.getRunningTasks().get(0);
    assertEquals(FW, t.getFrameworkId());
    assertEquals("t1", t.getTask().getTaskId());
    assertEquals(TaskState.RUNNING, t.getState());
    StatusUpdateRequest resent = Await.value("the pending update reaches the new leader", WAIT, other::updates,
        u -> !u.isEmpty()).get(0);
    assertEquals(starting.getUpdateId(), resent.getStatus().getUpdateId());
    assertEquals(h.agentId, resent.getAgentId());
    Await.until("the agent heartbeats the new leader", WAIT, () -> other.heartbeats() >= 1);
  }

  @Test
  void aStandbyThatNamesNoLeaderIsRetriedUntilItLeads() throws Exception {
    h = AgentHarness.start(workDir);
    int registrations = h.master.registrations().size();

    h.master.standBy(Optional.empty());
    Await.until("the agent is refused", WAIT, () -> h.master.refusedAsStandby() >= 2);
    h.master.lead();

    RegisterAgentRequest again = Await.value("re-registration", WAIT, h.master::registrations,
        r -> r.size() > registrations).get(registrations);
    assertEquals(h.agentId, again.getAgentId());
  }

  @Test
  void aNamedLeaderThatCannotBeReachedSendsTheAgentBackToTheConfiguredMaster() throws Exception {
    h = AgentHarness.start(workDir);
    int registrations = h.master.registrations().size();
    HostPort nowhere;
    try (ServerSocket s = new ServerSocket(0)) {
      nowhere = new HostPort("127.0.0.1", s.getLocalPort()); // closed again: nothing listens there
    }

    h.master.standBy(Optional.of(nowhere));
    Await.until("the agent is sent away", WAIT, () -> h.master.refusedAsStandby() >= 1);
    h.master.lead();

    RegisterAgentRequest again = Await.value("re-registration with the configured master", WAIT,
        h.master::registrations, r -> r.size() > registrations).get(registrations);
    assertEquals(h.agentId, again.getAgentId());
  }
}
