package io.meseta.slave.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.StatusReasons;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateStoreTest {
  private static final TaskKey KEY = new TaskKey(FrameworkId.of("fw-1"), TaskId.of("task-1"));

  @TempDir
  Path root;

  static TaskStatus status(TaskState state, String updateId, OptionalInt exitCode) {
    return new TaskStatus(KEY.taskId(), KEY.frameworkId(), AgentId.of("agent-1"), state,
        exitCode.isPresent() ? StatusReasons.COMMAND_EXITED : "", exitCode.isPresent() ? "exited with status 3" : "",
        exitCode, 1_700_000_000_123L, Optional.of(updateId));
  }

  @Test
  void storesUnderFrameworkAndTask() {
    assertEquals(root.resolve("fw-1").resolve("task-1.json"), new UpdateStore(root).file(KEY));
  }

  @Test
  void roundTripsEveryField() throws IOException {
    UpdateStore store = new UpdateStore(root);
    List<TaskStatus> stream = List.of(
        status(TaskState.RUNNING, "u1", OptionalInt.empty()),
        status(TaskState.FAILED, "u2", OptionalInt.of(3)),
        new TaskStatus(KEY.taskId(), null, null, TaskState.LOST, null, null, OptionalInt.empty(), 0,
            Optional.empty()));

    store.write(KEY, stream);

    assertEquals(stream, store.read(KEY));
    assertEquals(stream, new UpdateStore(root).read(KEY), "a new store must read what an old one wrote");
  }

  @Test
  void writeReplacesTheStreamAndLeavesNoTemporaryFiles() throws IOException {
    UpdateStore store = new UpdateStore(root);
    store.write(KEY, List.of(status(TaskState.STARTING, "u1", OptionalInt.empty()),
        status(TaskState.RUNNING, "u2", OptionalInt.empty())));

    store.write(KEY, List.of(status(TaskState.RUNNING, "u2", OptionalInt.empty())));

    assertEquals(List.of(status(TaskState.RUNNING, "u2", OptionalInt.empty())), store.read(KEY));
    try (Stream<Path> files = Files.list(store.file(KEY).getParent())) {
      assertEquals(List.of(store.file(KEY)), files.toList());
    }
  }

  @Test
  void readOfNothingStoredIsEmptyAndDeleteRemovesTheFile() throws IOException {
    UpdateStore store = new UpdateStore(root);
    assertEquals(List.of(), store.read(KEY));

    store.write(KEY, List.of(status(TaskState.RUNNING, "u1", OptionalInt.empty())));
    assertTrue(Files.exists(store.file(KEY)));
    store.delete(KEY);

    assertFalse(Files.exists(store.file(KEY)));
    assertEquals(List.of(), store.read(KEY));
    store.delete(KEY); // deleting again is harmless
  }

  @Test
  void listsTheStoredStreamsInKeyOrderAndSkipsOtherFiles() throws IOException {
    UpdateStore store = new UpdateStore(root);
    TaskKey b = new TaskKey(FrameworkId.of("fw-1"), TaskId.of("task-b"));
    TaskKey other = new TaskKey(FrameworkId.of("fw-0"), TaskId.of("task-z"));
    store.write(b, List.of(status(TaskState.RUNNING, "u1", OptionalInt.empty())));
    store.write(KEY, List.of(status(TaskState.RUNNING, "u2", OptionalInt.empty())));
    store.write(other, List.of(status(TaskState.RUNNING, "u3", OptionalInt.empty())));
    Files.writeString(root.resolve("fw-1/leftover.tmp"), "x");
    Files.writeString(root.resolve("fw-1/-bad-id.json"), "x");
    Files.writeString(root.resolve("stray.json"), "x");

    assertEquals(List.of(other, KEY, b), store.list());
    assertEquals(List.of(), new UpdateStore(root.resolve("missing")).list());
  }

  @Test
  void quarantineMovesAStreamAside() throws IOException {
    UpdateStore store = new UpdateStore(root);
    store.write(KEY, List.of(status(TaskState.RUNNING, "u1", OptionalInt.empty())));

    Path aside = store.quarantine(KEY);

    assertEquals(root.resolve("fw-1/task-1.json.corrupt"), aside);
    assertEquals(List.of(), store.list());
  }
}
