package io.meseta.slave;

import static io.meseta.slave.AgentHarness.FW;
import static io.meseta.slave.AgentHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.StatusReasons;
import io.meseta.protocol.codec.TaskCodec;
import io.meseta.protocol.thrift.AgentKillTaskRequest;
import io.meseta.protocol.thrift.RegisterAgentRequest;
import io.meseta.protocol.thrift.RunningTask;
import io.meseta.protocol.thrift.StatusUpdateRequest;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.slave.checkpoint.TaskCheckpoint;
import io.meseta.slave.checkpoint.TaskCheckpointStore;
import io.meseta.slave.containerizer.ProcessProbe;
import io.meseta.slave.status.TaskKey;
import io.meseta.slave.status.UpdateStore;
import io.meseta.slave.task.RecoveryReasons;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that crashes ({@link Agent#crash()}: as if SIGKILLed, its tasks running on) and a new
 * agent started on the same work directory: it finds the tasks again, re-registers under the same
 * id with them, and reports how they end, with the status updates that were pending.
 */
class AgentRecoveryTest {
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

  /**
   * A command that records its pid, runs until the test creates {@code go} in its sandbox,
   * then exits with {@code code}.
   */
  private static String untilGo(int code) {
    return "echo $$ > pid; until [ -e go ]; do sleep 0.05; done; exit " + code;
  }

  private void go(String taskId) throws Exception {
    Files.createFile(h.sandbox(taskId).resolve("go"));
  }

  private Path checkpoint(String taskId) {
    return workDir.resolve("meta/tasks/" + FW + "/" + taskId + ".json");
  }

  private static TaskKey key(String taskId) {
    return new TaskKey(FrameworkId.of(FW), TaskId.of(taskId));
  }

  /** The registration after the first {@code before}, once it has arrived. */
  private RegisterAgentRequest registrationAfter(int before) {
    return Await.value("registration " + (before + 1), WAIT, h.master::registrations, r -> r.size() > before)
        .get(before);
  }

  private static Map<String, TaskState> reported(RegisterAgentRequest r) {
    Map<String, TaskState> out = new TreeMap<>();
    for (RunningTask t : r.isSetRunningTasks() ? r.getRunningTasks() : List.<RunningTask>of()) {
      assertEquals(FW, t.getFrameworkId());
      out.put(t.getTask().getTaskId(), t.getState());
    }
    return out;
  }

  private List<TaskStatus> updatesSince(int index) {
    List<StatusUpdateRequest> all = h.master.updates();
    return all.subList(index, all.size()).stream().map(StatusUpdateRequest::getStatus).toList();
  }

  private void awaitForgotten() {
    Await.until("the agent forgets its tasks", WAIT, () -> h.agent.tasks().isEmpty());
  }

  @Test
  void reRegistersUnderItsIdWithTheRunningTasksThenReportsTheirRealExitCodes() throws Exception {
    h.launch(h.task("t1", untilGo(3)), h.task("t2", untilGo(0)));
    h.ackThrough("t1", TaskState.STARTING, TaskState.RUNNING);
    h.ackThrough("t2", TaskState.STARTING, TaskState.RUNNING);
    long p1 = h.awaitPid("t1", "pid");
    long p2 = h.awaitPid("t2", "pid");
    String id = h.agentId;
    int registrations = h.master.registrations().size();
    int updates = h.master.updates().size();

    h = h.crashAndRestart();

    RegisterAgentRequest again = registrationAfter(registrations);
    assertEquals(id, again.getAgentId());
    assertEquals(id, h.agentId);
    assertEquals(Map.of("t1", TaskState.RUNNING, "t2", TaskState.RUNNING), reported(again));
    assertTrue(ProcessProbe.running(p1) && ProcessProbe.running(p2), "the tasks outlive the agent");

    go("t1");
    go("t2");
    TaskStatus failed = h.ackThrough("t1", TaskState.FAILED).get(0);
    TaskStatus finished = h.ackThrough("t2", TaskState.FINISHED).get(0);

    assertEquals(3, failed.getExitCode());
    assertEquals(StatusReasons.COMMAND_EXITED, failed.getReason());
    assertTrue(failed.getMessage().contains("exited with status 3"), failed.getMessage());
    assertTrue(finished.isSetExitCode());
    assertEquals(0, finished.getExitCode());
    awaitForgotten();
    assertEquals(Set.of(TaskState.FAILED, TaskState.FINISHED), updatesSince(updates).stream()
        .map(TaskStatus::getState).collect(Collectors.toSet()), "no RUNNING again, just how the tasks ended");
    assertFalse(Files.exists(checkpoint("t1")), "a forgotten task's checkpoint is deleted");
    assertFalse(Files.exists(checkpoint("t2")));
  }

  @Test
  void aTaskThatEndedWhileTheAgentWasDownIsReportedWithItsExitCodeAfterTheRestart() throws Exception {
    h.launch(h.task("t1", untilGo(7)));
    h.ackThrough("t1", TaskState.STARTING, TaskState.RUNNING);
    long pid = h.awaitPid("t1", "pid");
    int registrations = h.master.registrations().size();

    h.crash();
    go("t1");
    Await.until("t1 (" + pid + ") ends while no agent runs", WAIT,
        () -> !ProcessProbe.running(pid) && Files.exists(h.sandbox("t1").resolve(".meseta-exit")));
    h = h.restart();

    assertEquals(Map.of("t1", TaskState.RUNNING), reported(registrationAfter(registrations)),
        "reported as it was until its terminal update is acknowledged, so the master does not report it LOST");
    TaskStatus failed = h.ackThrough("t1", TaskState.FAILED).get(0);
    assertEquals(7, failed.getExitCode());
    assertEquals(StatusReasons.COMMAND_EXITED, failed.getReason());
    assertTrue(failed.getMessage().contains("exited with status 7"), failed.getMessage());
    awaitForgotten();
    assertFalse(Files.exists(checkpoint("t1")));
  }

  @Test
  void aReattachedTaskIsKilledWithItsWholeProcessGroup() throws Exception {
    h.launch(h.task("t1", "sleep 300 & echo $! > child; echo $$ > pid; wait"));
    h.ackThrough("t1", TaskState.STARTING, TaskState.RUNNING);
    long pid = h.awaitPid("t1", "pid");
    long child = h.awaitPid("t1", "child");
    long group = ProcessProbe.processGroup(pid).orElseThrow();

    h = h.crashAndRestart();
    h.client.killTask(new AgentKillTaskRequest(FW, "t1"));

    TaskStatus killed = h.ackThrough("t1", TaskState.KILLED).get(0);
    assertEquals(StatusReasons.KILLED_BY_REQUEST, killed.getReason());
    Await.until("process group " + group + " is gone", WAIT, () -> ProcessProbe.groupMembers(group).isEmpty());
    assertFalse(ProcessProbe.running(child));
    awaitForgotten();
  }

  @Test
  void aTaskKilledWhileTheAgentWasDownWithoutAnExitStatusIsLost() throws Exception {
    h.launch(h.task("t1", "echo $$ > pid; exec sleep 300"));
    h.ackThrough("t1", TaskState.STARTING, TaskState.RUNNING);
    long group = ProcessProbe.processGroup(h.awaitPid("t1", "pid")).orElseThrow();

    h.crash();
    ProcessProbe.groupMembers(group).forEach(ProcessProbe::killQuietly); // SIGKILL: the wrapper records nothing
    Await.until("process group " + group + " is gone", WAIT, () -> ProcessProbe.groupMembers(group).isEmpty());
    h = h.restart();

    TaskStatus lost = h.ackThrough("t1", TaskState.LOST).get(0);
    assertEquals(RecoveryReasons.EXIT_STATUS_UNKNOWN, lost.getReason());
    assertFalse(lost.isSetExitCode());
    awaitForgotten();
  }

  @Test
  void pendingUpdatesAreResentAfterTheRestartWithTheirUpdateIds() throws Exception {
    h.launch(h.task("t1", "exit 0"));
    Await.until("t1 has ended, nothing acknowledged", WAIT, () -> h.agent.pendingUpdates() == 3);
    List<String> stored = new UpdateStore(workDir.resolve("meta/updates")).read(key("t1")).stream()
        .map(s -> s.updateId().orElseThrow()).toList();

    h.crash();
    int before = h.master.updates().size();
    h = h.restart();

    Await.until("the pending STARTING is resent", WAIT,
        () -> updatesSince(before).stream().anyMatch(s -> s.getUpdateId().equals(stored.get(0))));
    List<TaskStatus> acked = h.ackThrough("t1", TaskState.STARTING, TaskState.RUNNING, TaskState.FINISHED);
    assertEquals(stored, acked.stream().map(TaskStatus::getUpdateId).toList());
    assertTrue(updatesSince(before).stream().allMatch(s -> stored.contains(s.getUpdateId())),
        "only the stored updates are sent: " + updatesSince(before));
    awaitForgotten();
    assertEquals(0, h.agent.pendingUpdates());
  }

  @Test
  void aCorruptCheckpointIsLoggedByFileAndItsTaskKilledAndReportedLost() throws Exception {
    h.launch(h.task("t1", "echo $$ > pid; exec sleep 300"), h.task("t2", untilGo(0)));
    h.ackThrough("t1", TaskState.STARTING, TaskState.RUNNING);
    h.ackThrough("t2", TaskState.STARTING, TaskState.RUNNING);
    long p1 = h.awaitPid("t1", "pid");
    int registrations = h.master.registrations().size();

    h.crash();
    Files.writeString(checkpoint("t1"), "{\"version\": 1, \"frameworkId\": tru");
    TaskStatus lost;
    List<String> errors;
    try (LogCapture log = LogCapture.start()) {
      h = h.restart();
      lost = h.ackThrough("t1", TaskState.LOST).get(0);
      errors = log.errors();
    }

    assertTrue(errors.stream().anyMatch(e -> e.contains(checkpoint("t1").toString())),
        "an error names the file: " + errors);
    assertEquals(RecoveryReasons.CHECKPOINT_UNREADABLE, lost.getReason());
    assertTrue(lost.getMessage().contains(checkpoint("t1").toString()), lost.getMessage());
    Await.until("t1's process " + p1 + ", which the agent can no longer account for, is killed", WAIT,
        () -> !ProcessProbe.running(p1));
    assertFalse(Files.exists(checkpoint("t1")));
    assertTrue(Files.exists(checkpoint("t1").resolveSibling("t1.json.corrupt")), "kept aside for a post-mortem");
    assertEquals(Map.of("t2", TaskState.RUNNING), reported(registrationAfter(registrations)),
        "the other task is recovered");
    go("t2");
    h.ackThrough("t2", TaskState.FINISHED);
    awaitForgotten();
  }

  @Test
  void aTaskAcceptedButNotStartedBeforeTheCrashIsLost() throws Exception {
    h.crash();
    TaskCheckpoint accepted = new TaskCheckpoint(FrameworkId.of(FW), TaskCodec.fromWire(h.task("t9", "exit 0")),
        io.meseta.core.task.TaskState.STARTING, Optional.empty(), Optional.empty());
    new TaskCheckpointStore(workDir.resolve("meta/tasks")).write(accepted);
    h = h.restart();

    TaskStatus lost = h.ackThrough("t9", TaskState.LOST).get(0);
    assertEquals(RecoveryReasons.LAUNCH_INTERRUPTED, lost.getReason());
    awaitForgotten();
    assertFalse(Files.exists(checkpoint("t9")));
  }

  @Test
  void anUnreadableAgentCheckpointIsLoggedAndTheIdTakenFromTheTasks() throws Exception {
    h.launch(h.task("t1", untilGo(0)));
    h.ackThrough("t1", TaskState.STARTING, TaskState.RUNNING);
    h.awaitPid("t1", "pid");
    String id = h.agentId;
    Path agentFile = workDir.resolve("meta/agent.json");
    assertTrue(Files.readString(agentFile).contains(id), "the agent's id is checkpointed");

    h.crash();
    Files.writeString(agentFile, "garbage");
    List<String> errors;
    try (LogCapture log = LogCapture.start()) {
      h = h.restart();
      errors = log.errors();
    }

    assertEquals(id, h.agentId);
    assertTrue(errors.stream().anyMatch(e -> e.contains(agentFile.toString())), "an error names the file: " + errors);
    Await.until("the id is checkpointed again", WAIT, () -> readable(agentFile));
    go("t1");
    h.ackThrough("t1", TaskState.FINISHED);
  }

  private static boolean readable(Path agentFile) {
    try {
      return Files.readString(agentFile).contains("agentId");
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
