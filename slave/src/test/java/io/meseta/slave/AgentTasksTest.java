package io.meseta.slave;

import static io.meseta.slave.AgentHarness.FW;
import static io.meseta.slave.AgentHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.StatusReasons;
import io.meseta.protocol.thrift.AgentKillTaskRequest;
import io.meseta.protocol.thrift.AgentStateRequest;
import io.meseta.protocol.thrift.AgentStateResponse;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.Resource;
import io.meseta.protocol.thrift.StatusUpdateRequest;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.slave.containerizer.ProcessProbe;
import io.meseta.slave.status.TaskKey;
import io.meseta.slave.status.UpdateStore;
import io.meseta.slave.task.TaskSnapshot;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent running real processes, driven over Thrift as the master would, reporting to a fake master. */
class AgentTasksTest {
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

  private UpdateStore store() {
    return new UpdateStore(workDir.resolve("meta").resolve("updates"));
  }

  private static TaskKey key(String taskId) {
    return new TaskKey(FrameworkId.of(FW), TaskId.of(taskId));
  }

  private static void assertMentions(MesetaError e, ErrorCode code, String... fragments) {
    assertEquals(code, e.getCode(), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention '" + f + "'");
    }
  }

  private List<TaskSnapshot> awaitTaskState(String taskId, io.meseta.core.task.TaskState state) {
    return Await.value("task " + taskId + " is " + state + " on the agent", WAIT, h.agent::tasks,
        ts -> ts.stream().anyMatch(t -> t.spec().taskId().value().equals(taskId) && t.state() == state));
  }

  @Test
  void aTaskReportsStartingRunningFinishedInOrderAndIsForgottenOnceAcknowledged() throws Exception {
    h.launch(h.task("t1", "echo \"$MESETA_TASK_ID on $MESETA_AGENT_ID\"; exit 0"));

    List<TaskStatus> acked = h.ackThrough("t1", TaskState.STARTING, TaskState.RUNNING, TaskState.FINISHED);

    Map<String, TaskState> byUpdateId = new LinkedHashMap<>(); // in order of first arrival
    for (StatusUpdateRequest r : h.master.updates()) {
      assertEquals(h.agentId, r.getAgentId());
      assertEquals(FW, r.getFrameworkId());
      assertEquals(FW, r.getStatus().getFrameworkId());
      assertEquals(h.agentId, r.getStatus().getAgentId());
      assertTrue(r.getStatus().isSetUpdateId(), r.toString());
      byUpdateId.putIfAbsent(r.getStatus().getUpdateId(), r.getStatus().getState());
    }
    assertEquals(List.of(TaskState.STARTING, TaskState.RUNNING, TaskState.FINISHED),
        List.copyOf(byUpdateId.values()), "one update id per state, in order: " + byUpdateId);
    TaskStatus finished = acked.get(2);
    assertEquals(0, finished.getExitCode());
    assertTrue(finished.isSetExitCode());
    assertEquals(StatusReasons.COMMAND_EXITED, finished.getReason());
    assertEquals("t1 on " + h.agentId + "\n", Files.readString(h.sandbox("t1").resolve("stdout")));

    assertEquals(List.of(), h.agent.tasks(), "forgotten as soon as the terminal update is acknowledged");
    assertEquals(0, h.agent.pendingUpdates());
    assertFalse(Files.exists(store().file(key("t1"))));
  }

  @Test
  void aLaunchFromAMasterOtherThanTheOneRegisteredWithIsRefusedAndNothingStarts() throws Exception {
    MesetaError e = assertThrows(MesetaError.class, () -> h.client.launchTasks(
        AgentHarness.launchRequest(h.task("t1", "exit 0")).setMasterId("deposed-master")));
    assertEquals(ErrorCode.NOT_LEADER, e.getCode());
    assertTrue(e.getMessage().contains("deposed-master") && e.getMessage().contains(FakeMaster.MASTER_ID),
        e.getMessage());
    assertTrue(h.agent.tasks().isEmpty(), "nothing was launched");

    h.launch(h.task("t2", "exit 0")); // the registered master's launches still run
    h.ackThrough("t2", TaskState.STARTING, TaskState.RUNNING, TaskState.FINISHED);
  }

  @Test
  void unacknowledgedUpdatesAreResentAndKeptOnDisk() throws Exception {
    h.launch(h.task("t1", "exit 0"));

    TaskStatus starting = h.awaitUpdate("t1", TaskState.STARTING);
    Await.until("STARTING is resent", WAIT, () -> h.updatesOf("t1").size() >= 2);
    Await.until("the task has ended on the agent", WAIT, () -> h.agent.pendingUpdates() == 3);

    assertTrue(h.updatesOf("t1").stream().allMatch(s -> s.getUpdateId().equals(starting.getUpdateId())),
        "only the unacknowledged head is sent: " + h.updatesOf("t1"));
    List<io.meseta.core.task.TaskStatus> stored = store().read(key("t1"));
    assertEquals(List.of(io.meseta.core.task.TaskState.STARTING, io.meseta.core.task.TaskState.RUNNING,
        io.meseta.core.task.TaskState.FINISHED), stored.stream().map(io.meseta.core.task.TaskStatus::state).toList());
    assertEquals(starting.getUpdateId(), stored.get(0).updateId().orElseThrow());
    assertTrue(Files.exists(workDir.resolve("meta/updates/" + FW + "/t1.json")));

    h.ackThrough("t1", TaskState.STARTING, TaskState.RUNNING, TaskState.FINISHED);

    assertEquals(List.of(), h.agent.tasks());
    assertFalse(Files.exists(store().file(key("t1"))));
  }

  @Test
  void aFailingCommandIsFailedWithItsExitCode() throws Exception {
    h.launch(h.task("t1", "echo oops >&2; exit 3"));

    TaskStatus failed = h.ackThrough("t1", TaskState.STARTING, TaskState.RUNNING, TaskState.FAILED).get(2);

    assertEquals(3, failed.getExitCode());
    assertEquals(StatusReasons.COMMAND_EXITED, failed.getReason());
    assertTrue(failed.getMessage().contains("exited with status 3"), failed.getMessage());
    assertEquals(List.of(), h.agent.tasks());
  }

  @Test
  void aFetchFailureFailsTheTaskBeforeItRuns() throws Exception {
    Path missing = workDir.resolve("missing.tar.gz");
    TaskInfo task = h.task("t1", "touch ran");
    task.getCommand().setUris(List.of(new io.meseta.protocol.thrift.CommandUri(missing.toString())));
    h.launch(task);

    TaskStatus failed = h.ackThrough("t1", TaskState.STARTING, TaskState.FAILED).get(1);

    assertEquals(StatusReasons.FETCH_FAILED, failed.getReason());
    assertTrue(failed.getMessage().contains(missing.toString()), failed.getMessage());
    assertFalse(Files.exists(h.sandbox("t1").resolve("ran")));
  }

  @Test
  void killTaskKillsARunningTask() throws Exception {
    h.launch(h.task("t1", "echo $$ > pid; exec sleep 300"));
    h.ackThrough("t1", TaskState.STARTING);
    long pid = h.awaitPid("t1", "pid");

    h.client.killTask(new AgentKillTaskRequest(FW, "t1"));

    TaskStatus killed = h.ackThrough("t1", TaskState.RUNNING, TaskState.KILLED).get(1);
    assertEquals(StatusReasons.KILLED_BY_REQUEST, killed.getReason());
    assertFalse(ProcessProbe.running(pid), "the process is gone once KILLED is reported");
    assertEquals(List.of(), h.agent.tasks());
  }

  @Test
  void aDuplicateTaskIdIsRefusedAndTheFirstTaskRunsOn() throws Exception {
    h.launch(h.task("t1", "echo $$ > pid; exec sleep 300"));
    long pid = h.awaitPid("t1", "pid");
    awaitTaskState("t1", io.meseta.core.task.TaskState.RUNNING);

    MesetaError e = assertThrows(MesetaError.class, () -> h.launch(h.task("t1", "echo second > second")));

    assertMentions(e, ErrorCode.DUPLICATE_TASK, "t1");
    List<TaskSnapshot> tasks = h.agent.tasks();
    assertEquals(1, tasks.size());
    assertEquals(io.meseta.core.task.TaskState.RUNNING, tasks.get(0).state());
    assertEquals("echo $$ > pid; exec sleep 300", tasks.get(0).spec().command().shell().orElseThrow());
    assertTrue(ProcessProbe.running(pid), "the first task's process still runs");
    assertTrue(h.updatesOf("t1").stream().noneMatch(s -> s.getState() == TaskState.KILLED
        || s.getState() == TaskState.FAILED || s.getState() == TaskState.FINISHED));
  }

  @Test
  void aLaunchRepeatingATaskIdLaunchesNothing() throws Exception {
    MesetaError e = assertThrows(MesetaError.class,
        () -> h.launch(h.task("t1", "exit 0"), h.task("t2", "exit 0"), h.task("t1", "exit 0")));

    assertMentions(e, ErrorCode.DUPLICATE_TASK, "t1");
    assertEquals(List.of(), h.agent.tasks());
  }

  @Test
  void killOfAnUnknownTaskIsUnknownTask() {
    MesetaError e = assertThrows(MesetaError.class, () -> h.client.killTask(new AgentKillTaskRequest(FW, "ghost")));

    assertMentions(e, ErrorCode.UNKNOWN_TASK, "ghost");
  }

  @Test
  void malformedLaunchesAreInvalidRequestsNamingTheFieldAndLaunchNothing() {
    MesetaError noFramework = assertThrows(MesetaError.class,
        () -> h.client.launchTasks(AgentHarness.launchRequest(h.task("t1", "exit 0")).setFrameworkId(null)));
    assertMentions(noFramework, ErrorCode.INVALID_REQUEST, "framework id");

    TaskInfo negative = h.task("t2", "exit 0").setResources(List.of(new Resource().setName("cpus").setScalar(-1)));
    MesetaError negativeCpus = assertThrows(MesetaError.class, () -> h.launch(negative));
    assertMentions(negativeCpus, ErrorCode.INVALID_REQUEST, "t2", "cpus", "negative");

    MesetaError noTasks = assertThrows(MesetaError.class,
        () -> h.client.launchTasks(AgentHarness.launchRequest().setTasks(null)));
    assertMentions(noTasks, ErrorCode.INVALID_REQUEST, "tasks");

    MesetaError otherAgent = assertThrows(MesetaError.class,
        () -> h.launch(h.task("t3", "exit 0").setAgentId("agent-99")));
    assertMentions(otherAgent, ErrorCode.INVALID_REQUEST, "agent-99");

    assertEquals(List.of(), h.agent.tasks());
    assertFalse(Files.exists(workDir.resolve("sandboxes")), "no sandbox may be created");
  }

  @Test
  void closeKillsTheRunningTasks() throws Exception {
    h.launch(h.task("t1", "echo $$ > pid; exec sleep 300"), h.task("t2", "trap '' TERM; echo $$ > pid; sleep 300"));
    long t1 = h.awaitPid("t1", "pid");
    long t2 = h.awaitPid("t2", "pid");

    h.closeAgent();

    Await.until("task t1 (" + t1 + ") is killed", WAIT, () -> !ProcessProbe.running(t1));
    Await.until("task t2 (" + t2 + "), which ignores SIGTERM, is killed", WAIT, () -> !ProcessProbe.running(t2));
  }

  @Test
  void stateListsTheTasksAndPendingUpdates() throws Exception {
    h.launch(h.task("t1", "exec sleep 300"));
    awaitTaskState("t1", io.meseta.core.task.TaskState.RUNNING);

    AgentStateResponse state = h.client.getState(new AgentStateRequest());

    assertEquals(h.agentId, state.getAgentId());
    assertEquals(AgentHarness.HOSTNAME, state.getHostname());
    assertEquals(AgentHarness.RESOURCES, io.meseta.protocol.codec.ResourceCodec.fromWire(state.getTotal()));
    assertEquals(1, state.getTasksSize());
    assertEquals("t1", state.getTasks().get(0).getTask().getTaskId());
    assertEquals(TaskState.RUNNING, state.getTasks().get(0).getState());
    assertEquals(h.agent.pendingUpdates(), state.getPendingUpdates());
  }
}
