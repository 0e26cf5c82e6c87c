package io.meseta.slave;

import static io.meseta.slave.AgentHarness.FW;
import static io.meseta.slave.AgentHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.Attribute;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.RegisterAgentRequest;
import io.meseta.protocol.thrift.RunningTask;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.slave.containerizer.ProcessProbe;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration, heartbeats and what the agent does when the master forgot or removed it. */
class AgentMasterLinkTest {
  @TempDir
  Path workDir;

  private AgentHarness h;

  @BeforeEach
  void start() throws Exception {
    h = AgentHarness.start(workDir);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private RegisterAgentRequest awaitRegistrations(int n) {
    return Await.value(n + " registrations", WAIT, h.master::registrations, r -> r.size() >= n).get(n - 1);
  }

  @Test
  void registersWithItsHostnamePortResourcesAndAttributes() {
    RegisterAgentRequest r = h.master.registrations().get(0);

    assertEquals(AgentHarness.HOSTNAME, r.getHostname());
    assertEquals(h.agent.port(), r.getPort());
    assertEquals(AgentHarness.RESOURCES, ResourceCodec.fromWire(r.getResources()));
    assertEquals(List.of(new Attribute("rack", "r1")), r.getAttributes());
    assertEquals(mesetaConstants.PROTOCOL_VERSION, r.getProtocolVersion());
    assertFalse(r.isSetAgentId(), "a new agent has no id yet");
    assertEquals("agent-1", h.agentId);
    assertEquals(Optional.of("agent-1"), h.agent.agentId());
    assertEquals(AgentHarness.RESOURCES, h.agent.total());
    Await.until("the agent heartbeats", WAIT, () -> h.master.heartbeats() >= 2);
    assertEquals(1, h.master.registrations().size(), "heartbeats do not re-register");
  }

  @Test
  void reRegistersUnderItsIdWithItsRunningTasksWhenTheMasterForgotIt() throws Exception {
    h.launch(h.task("t1", "echo $$ > pid; exec sleep 300"));
    long pid = h.awaitPid("t1", "pid");
    TaskStatus starting = h.awaitUpdate("t1", TaskState.STARTING);
    Await.until("t1 runs", WAIT, () -> h.agent.tasks().stream()
        .anyMatch(t -> t.state() == io.meseta.core.task.TaskState.RUNNING));

    h.master.failNextHeartbeat(ErrorCode.UNKNOWN_AGENT);

    RegisterAgentRequest again = awaitRegistrations(2);
    assertEquals(h.agentId, again.getAgentId());
    assertEquals(1, again.getRunningTasksSize(), String.valueOf(again.getRunningTasks()));
    RunningTask t = again.getRunningTasks().get(0);
    assertEquals(FW, t.getFrameworkId());
    assertEquals("t1", t.getTask().getTaskId());
    assertEquals(h.agentId, t.getTask().getAgentId());
    assertEquals(TaskState.RUNNING, t.getState());
    assertEquals(Optional.of(h.agentId), h.agent.agentId());
    assertTrue(ProcessProbe.running(pid), "the task keeps running");
    h.ack(starting);
    h.awaitUpdate("t1", TaskState.RUNNING); // updates flow again once re-registered
  }

  @Test
  void killsItsTasksAndRegistersAsANewAgentWhenTheMasterRemovedIt() throws Exception {
    h.launch(h.task("t1", "echo $$ > pid; exec sleep 300"));
    long pid = h.awaitPid("t1", "pid");
    h.awaitUpdate("t1", TaskState.STARTING);

    h.master.failNextHeartbeat(ErrorCode.AGENT_REMOVED);

    RegisterAgentRequest fresh = awaitRegistrations(2);
    assertFalse(fresh.isSetAgentId(), "registers as a new agent");
    assertFalse(fresh.isSetRunningTasks() && !fresh.getRunningTasks().isEmpty(), "with no tasks");
    Await.until("the task's process " + pid + " is killed", WAIT, () -> !ProcessProbe.running(pid));
    Await.until("the agent takes its new id", WAIT, () -> h.agent.agentId().equals(Optional.of("agent-2")));
    assertEquals(List.of(), h.agent.tasks());
    assertEquals(0, h.agent.pendingUpdates());
    assertFalse(Files.exists(workDir.resolve("meta/updates/" + FW + "/t1.json")), "its updates are dropped");
    assertTrue(h.updatesOf("t1").stream().allMatch(s -> s.getState() != TaskState.KILLED),
        "the master already reported the task LOST; the agent says nothing more about it");
  }
}
