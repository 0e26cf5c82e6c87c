package io.meseta.slave.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import io.meseta.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusUpdateManagerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final FrameworkId FW = FrameworkId.of("fw-1");
  private static final TaskKey KEY = new TaskKey(FW, TaskId.of("task-1"));

  @TempDir
  Path root;

  private final RecordingSender sender = new RecordingSender();
  private final List<TaskKey> forgotten = new CopyOnWriteArrayList<>();
  private UpdateStore store;
  private StatusUpdateManager manager;

  /** Records every send attempt; fails the first attempts as told. */
  static final class RecordingSender implements StatusSender {
    final List<TaskStatus> attempts = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger unexpectedFailures = new AtomicInteger();

    @Override
    public void send(FrameworkId frameworkId, TaskStatus status) throws StatusSendException {
      assertEquals(FW, frameworkId);
      attempts.add(status);
      if (unexpectedFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("a bug in the sender (test)");
      }
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new StatusSendException("the master is unreachable (test)");
      }
    }

    List<String> updateIds() {
      List<String> out = new ArrayList<>();
      attempts.forEach(s -> out.add(s.updateId().orElseThrow()));
      return out;
    }

    /** Waits until {@code n} attempts were made and returns them. */
    List<TaskStatus> await(int n) {
      return Await.value(n + " send attempts", WAIT, () -> List.copyOf(attempts), a -> a.size() >= n);
    }
  }

  @BeforeEach
  void start() {
    store = new UpdateStore(root);
    manager = new StatusUpdateManager(store, sender, Duration.ofMillis(20), Duration.ofMillis(100),
        forgotten::add, new MetricRegistry());
  }

  @AfterEach
  void stop() {
    manager.close();
  }

  private static TaskStatus status(TaskState state) {
    return new TaskStatus(KEY.taskId(), FW, AgentId.of("agent-1"), state, "", "",
        state == TaskState.FINISHED ? OptionalInt.of(0) : OptionalInt.empty(), 42L, Optional.empty());
  }

  private static String id(TaskStatus s) {
    return s.updateId().orElseThrow();
  }

  @Test
  void givesEachUpdateAFreshIdAndKeepsTheRest() {
    TaskStatus a = manager.update(FW, status(TaskState.STARTING));
    TaskStatus b = manager.update(FW, status(TaskState.RUNNING));

    assertNotEquals(id(a), id(b));
    assertEquals(status(TaskState.STARTING), a.withoutUpdateId());
    assertEquals(List.of(a, b), manager.pending(KEY));
    assertEquals(2, manager.pendingCount());
  }

  @Test
  void onlyTheHeadIsInFlightAndTheStreamIsDeliveredInOrder() {
    TaskStatus a = manager.update(FW, status(TaskState.STARTING));
    TaskStatus b = manager.update(FW, status(TaskState.RUNNING));
    TaskStatus c = manager.update(FW, status(TaskState.FINISHED));

    sender.await(3); // the head, resent while unacknowledged
    assertEquals(List.of(id(a), id(a), id(a)), sender.updateIds().subList(0, 3));
    assertTrue(sender.updateIds().stream().allMatch(id(a)::equals), "only the head may be sent: " + sender.updateIds());

    assertTrue(manager.acknowledge(KEY, id(a)));
    Await.until("the second update is sent", WAIT, () -> sender.updateIds().contains(id(b)));
    assertTrue(manager.acknowledge(KEY, id(b)));
    Await.until("the third update is sent", WAIT, () -> sender.updateIds().contains(id(c)));
    assertTrue(manager.acknowledge(KEY, id(c)));

    List<String> distinct = sender.updateIds().stream().distinct().toList();
    assertEquals(List.of(id(a), id(b), id(c)), distinct);
    assertEquals(sender.attempts.get(sender.updateIds().indexOf(id(c))), c, "sent as returned by update()");
    assertEquals(0, manager.pendingCount());
  }

  @Test
  void retriesAfterSendFailures() {
    sender.failures.set(2);
    TaskStatus a = manager.update(FW, status(TaskState.RUNNING));

    List<TaskStatus> attempts = sender.await(3);

    assertEquals(List.of(a, a, a), attempts.subList(0, 3));
    assertTrue(manager.acknowledge(KEY, id(a)));
    assertEquals(0, manager.pendingCount());
  }

  @Test
  void retriesAfterAnUnexpectedExceptionFromTheSender() {
    sender.unexpectedFailures.set(1);
    TaskStatus a = manager.update(FW, status(TaskState.RUNNING));

    List<TaskStatus> attempts = sender.await(2);

    assertEquals(List.of(a, a), attempts.subList(0, 2));
  }

  @Test
  void duplicateOrStaleAcknowledgementsChangeNothing() {
    TaskStatus a = manager.update(FW, status(TaskState.STARTING));
    TaskStatus b = manager.update(FW, status(TaskState.FINISHED));

    assertFalse(manager.acknowledge(KEY, id(b)), "b is not in flight yet");
    assertTrue(manager.acknowledge(KEY, id(a)));
    assertFalse(manager.acknowledge(KEY, id(a)), "a second acknowledgement of a");
    assertFalse(manager.acknowledge(new TaskKey(FW, TaskId.of("other")), id(b)), "b belongs to task-1");

    assertEquals(List.of(b), manager.pending(KEY));
    assertEquals(List.of(), forgotten);
    Await.until("b is sent", WAIT, () -> sender.updateIds().contains(id(b)));
  }

  @Test
  void acknowledgingTheTerminalUpdateEndsTheStreamAndTellsTheListener() {
    TaskStatus a = manager.update(FW, status(TaskState.RUNNING));
    TaskStatus b = manager.update(FW, status(TaskState.FINISHED));

    assertTrue(manager.acknowledge(KEY, id(a)));
    assertEquals(List.of(), forgotten, "RUNNING is not terminal");
    assertTrue(manager.acknowledge(KEY, id(b)));

    assertEquals(List.of(KEY), forgotten);
    assertEquals(List.of(), manager.pending(KEY));
  }

  @Test
  void aStreamEndingInANonTerminalUpdateIsNotForgotten() {
    TaskStatus a = manager.update(FW, status(TaskState.RUNNING));

    assertTrue(manager.acknowledge(KEY, id(a)));

    assertEquals(List.of(), forgotten);
    assertEquals(0, manager.pendingCount());
  }

  @Test
  void theStreamIsOnDiskWhilePendingAndDeletedOnceAcknowledged() throws IOException {
    TaskStatus a = manager.update(FW, status(TaskState.RUNNING));
    TaskStatus b = manager.update(FW, status(TaskState.FINISHED));
    assertEquals(List.of(a, b), store.read(KEY));

    manager.acknowledge(KEY, id(a));
    assertEquals(List.of(b), store.read(KEY));

    manager.acknowledge(KEY, id(b));
    assertFalse(Files.exists(store.file(KEY)), store.file(KEY) + " should be gone");
  }

  @Test
  void dropForgetsPendingUpdatesAndTheirFiles() {
    TaskKey other = new TaskKey(FW, TaskId.of("task-2"));
    manager.update(FW, status(TaskState.RUNNING));
    TaskStatus kept = manager.update(FW, new TaskStatus(other.taskId(), FW, AgentId.of("agent-1"),
        TaskState.RUNNING, "", "", OptionalInt.empty(), 1L, Optional.empty()));

    manager.drop(List.of(KEY));

    assertEquals(List.of(), manager.pending(KEY));
    assertFalse(Files.exists(store.file(KEY)));
    assertEquals(List.of(kept), manager.pending(other));
    assertEquals(1, manager.pendingCount());
  }

  @Test
  void resendAllSendsEveryHeadAgain() {
    TaskStatus a = manager.update(FW, status(TaskState.RUNNING));
    sender.await(1);
    int before = sender.attempts.size();

    manager.resendAll();

    Await.until("the head is sent again", WAIT, () -> sender.attempts.size() > before);
    assertTrue(sender.updateIds().stream().allMatch(id(a)::equals));
  }

  private StatusUpdateManager restarted(RecordingSender to) {
    return new StatusUpdateManager(new UpdateStore(root), to, Duration.ofMillis(20), Duration.ofMillis(100),
        forgotten::add, new MetricRegistry());
  }

  @Test
  void aNewManagerRecoversTheStoredStreamsWithTheirIdsAndSendsThemOnlyWhenAskedTo() {
    sender.failures.set(Integer.MAX_VALUE);
    TaskStatus a = manager.update(FW, status(TaskState.RUNNING));
    TaskStatus b = manager.update(FW, status(TaskState.FINISHED));
    manager.close();

    RecordingSender after = new RecordingSender();
    StatusUpdateManager recovered = restarted(after);
    try {
      StatusUpdateManager.Recovered r = recovered.recover();

      assertEquals(java.util.Map.of(KEY, TaskState.FINISHED), r.latest());
      assertEquals(java.util.Set.of(), r.unreadable());
      assertEquals(List.of(a, b), recovered.pending(KEY));
      assertEquals(List.of(), after.attempts, "nothing is sent before the agent registers");

      recovered.resendAll();
      assertEquals(a, after.await(1).get(0));
      assertTrue(recovered.acknowledge(KEY, id(a)));
      Await.until("the second stored update is sent", WAIT, () -> after.updateIds().contains(id(b)));
      assertTrue(recovered.acknowledge(KEY, id(b)));
      assertEquals(List.of(KEY), forgotten);
      assertFalse(Files.exists(store.file(KEY)));
    } finally {
      recovered.close();
    }
  }

  @Test
  void anUnreadableStoredStreamIsMovedAsideAndReported() throws IOException {
    TaskKey other = new TaskKey(FW, TaskId.of("task-2"));
    manager.update(FW, status(TaskState.RUNNING));
    manager.close();
    Files.createDirectories(store.file(other).getParent());
    Files.writeString(store.file(other), "{\"frameworkId\":\"fw-1\",\"updates\":[{\"state\":\"NAPPING\"}]}");

    StatusUpdateManager recovered = restarted(new RecordingSender());
    try {
      StatusUpdateManager.Recovered r = recovered.recover();

      assertEquals(java.util.Set.of(other), r.unreadable());
      assertEquals(java.util.Set.of(KEY), r.latest().keySet());
      assertFalse(Files.exists(store.file(other)));
      assertTrue(Files.exists(store.file(other).resolveSibling("task-2.json.corrupt")));
      assertEquals(1, recovered.pendingCount());
    } finally {
      recovered.close();
    }
  }

  @Test
  void afterCloseUpdatesAreNeitherStoredNorSent() throws IOException {
    manager.close();

    manager.update(FW, status(TaskState.RUNNING));

    assertFalse(Files.exists(store.file(KEY)));
    assertEquals(List.of(), new UpdateStore(root).list());
  }
}
