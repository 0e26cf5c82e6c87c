package io.meseta.slave.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.Command;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.slave.containerizer.ProcessIdentity;
import io.meseta.slave.status.TaskKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskCheckpointStoreTest {
  private static final FrameworkId FW = FrameworkId.of("fw-1");

  @TempDir
  Path root;

  static TaskSpec spec(String taskId) {
    return new TaskSpec(TaskId.of(taskId), "name of " + taskId, AgentId.of("agent-1"),
        Resources.parse("cpus:0.5;mem:64;ports:[31000-31001]"), Command.shell("echo 'a \"quoted\" line'; exit 3"),
        Map.of("team", "search"), Optional.of(Duration.ofMillis(1500)));
  }

  private static TaskCheckpoint running(String taskId) {
    return new TaskCheckpoint(FW, spec(taskId), TaskState.RUNNING, Optional.of(new ProcessIdentity(4242, 987654321L)),
        Optional.of(Duration.ofSeconds(2)));
  }

  private Readable only(List<TaskCheckpointStore.Loaded> loaded) {
    assertEquals(1, loaded.size(), loaded.toString());
    return new Readable(loaded.get(0));
  }

  /** Unwraps a loaded checkpoint that must be readable. */
  private record Readable(TaskCheckpointStore.Loaded loaded) {
    TaskCheckpoint checkpoint() {
      return assertInstanceOf(TaskCheckpointStore.Readable.class, loaded).checkpoint();
    }
  }

  @Test
  void roundTripsEveryFieldUnderFrameworkAndTask() throws IOException {
    TaskCheckpointStore store = new TaskCheckpointStore(root);
    TaskCheckpoint c = running("t1");
    TaskCheckpoint accepted = new TaskCheckpoint(FW, spec("t2"), TaskState.STAGING, Optional.empty(), Optional.empty());

    store.write(c);
    store.write(accepted);

    assertEquals(root.resolve("fw-1").resolve("t1.json"), store.file(c.key()));
    List<TaskCheckpointStore.Loaded> loaded = new TaskCheckpointStore(root).readAll();
    assertEquals(List.of(c, accepted), loaded.stream()
        .map(l -> assertInstanceOf(TaskCheckpointStore.Readable.class, l).checkpoint()).toList());
  }

  @Test
  void writeReplacesAtomicallyAndDeleteRemoves() throws IOException {
    TaskCheckpointStore store = new TaskCheckpointStore(root);
    store.write(new TaskCheckpoint(FW, spec("t1"), TaskState.STARTING, Optional.empty(), Optional.empty()));

    store.write(running("t1"));

    assertEquals(running("t1"), only(store.readAll()).checkpoint());
    try (Stream<Path> files = Files.list(root.resolve("fw-1"))) {
      assertEquals(List.of(store.file(running("t1").key())), files.toList(), "no temporary file is left");
    }
    store.delete(running("t1").key());
    assertEquals(List.of(), store.readAll());
    store.delete(running("t1").key()); // harmless
  }

  @Test
  void nothingStoredReadsAsNothing() throws IOException {
    assertEquals(List.of(), new TaskCheckpointStore(root.resolve("missing")).readAll());
  }

  @Test
  void unreadableCheckpointsNameTheirFileAndTask() throws IOException {
    TaskCheckpointStore store = new TaskCheckpointStore(root);
    store.write(running("good"));
    Path truncated = root.resolve("fw-1/truncated.json");
    Files.writeString(truncated, Files.readString(store.file(running("good").key())).substring(0, 40));
    Path empty = root.resolve("fw-1/empty.json");
    Files.writeString(empty, "");
    Path misplaced = root.resolve("fw-1/elsewhere.json");
    Files.copy(store.file(running("good").key()), misplaced);
    Path badState = root.resolve("fw-1/badstate.json");
    store.write(running("badstate"));
    Files.writeString(badState, Files.readString(badState).replace("RUNNING", "SNOOZING"));

    List<TaskCheckpointStore.Loaded> loaded = store.readAll();

    assertEquals(5, loaded.size());
    for (TaskCheckpointStore.Loaded l : loaded) {
      if (l.file().equals(store.file(running("good").key()))) {
        assertInstanceOf(TaskCheckpointStore.Readable.class, l);
        continue;
      }
      TaskCheckpointStore.Unreadable u = assertInstanceOf(TaskCheckpointStore.Unreadable.class, l);
      assertTrue(u.error().getMessage().contains(l.file().toString()), u.error().getMessage());
      assertEquals(l.file(), u.error().file());
      String task = l.file().getFileName().toString().replace(".json", "");
      assertEquals(Optional.of(new TaskKey(FW, TaskId.of(task))), u.key());
    }
  }

  @Test
  void aQuarantinedCheckpointIsNotReadAgain() throws IOException {
    TaskCheckpointStore store = new TaskCheckpointStore(root);
    Path bad = root.resolve("fw-1/t1.json");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "{");
    Path badName = root.resolve("fw-1/-not-an-id.json");
    Files.writeString(badName, "{");

    List<TaskCheckpointStore.Loaded> loaded = store.readAll();
    assertEquals(Optional.empty(), ((TaskCheckpointStore.Unreadable) loaded.get(0)).key(),
        "a file whose name is no task id names no task");
    Path aside = store.quarantine(bad);

    assertEquals(root.resolve("fw-1/t1.json.corrupt"), aside);
    assertEquals("{", Files.readString(aside));
    assertFalse(Files.exists(bad));
    assertEquals(1, store.readAll().size(), "only the badly named file is left");
  }
}
