package io.meseta.master.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskState;
import io.meseta.master.registry.TaskKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRegistryStoreTest {
  @TempDir
  Path dir;

  private RegistryContents reopen() throws RegistryException {
    try (LocalRegistryStore s = LocalRegistryStore.open(dir)) {
      return s.load();
    }
  }

  private void write(List<RegistryChange> changes) throws RegistryException {
    try (LocalRegistryStore s = LocalRegistryStore.open(dir)) {
      s.load();
      for (RegistryChange c : changes) {
        s.apply(c);
      }
    }
  }

  @Test
  void aMissingRegistryIsEmpty() throws RegistryException {
    assertEquals(RegistryContents.EMPTY, reopen());
  }

  @Test
  void whatIsAppliedComesBackAfterReopening() throws RegistryException {
    write(RegistrySamples.history());
    RegistryContents back = reopen();
    assertEquals(RegistrySamples.expected(), back);
    assertEquals(new RegistryMeta(2, 2, 2), back.meta());
    assertEquals(List.of(RegistrySamples.A1), List.copyOf(back.agents().keySet()));
    assertEquals("host1-moved", back.agents().get(RegistrySamples.A1).hostname());
    assertEquals(List.of(RegistrySamples.A2), List.copyOf(back.removedAgents()));
    assertEquals(List.of(RegistrySamples.F2), List.copyOf(back.removedFrameworks()));
    assertEquals(TaskState.FINISHED, back.tasks().get(new TaskKey(RegistrySamples.F1, TaskId.of("t1"))).state());
    assertFalse(back.tasks().containsKey(new TaskKey(RegistrySamples.F2, TaskId.of("t3"))));
    assertEquals(RegistrySamples.spec("t2", RegistrySamples.A2),
        back.tasks().get(new TaskKey(RegistrySamples.F1, TaskId.of("t2"))).spec());
  }

  @Test
  void loadingFoldsTheLogIntoTheSnapshot() throws Exception {
    write(RegistrySamples.history());
    assertTrue(Files.size(dir.resolve(LocalRegistryStore.LOG_FILE)) > 0, "batches are logged");
    reopen();
    assertEquals(0, Files.size(dir.resolve(LocalRegistryStore.LOG_FILE)));
    assertEquals(RegistrySamples.expected(), reopen());
  }

  @Test
  void aTornLastLineIsDroppedAndEarlierBatchesKept() throws Exception {
    write(RegistrySamples.history().subList(0, 1));
    try (LocalRegistryStore s = LocalRegistryStore.open(dir)) {
      s.load();
      s.apply(RegistrySamples.history().get(1));
    }
    Path log = dir.resolve(LocalRegistryStore.LOG_FILE);
    byte[] full = Files.readAllBytes(log);
    Files.write(log, java.util.Arrays.copyOf(full, full.length - 7)); // the crash hit mid-write
    RegistryContents back = reopen();
    InMemoryRegistryStore expected = new InMemoryRegistryStore();
    expected.apply(RegistrySamples.history().get(0));
    assertEquals(expected.load(), back);
  }

  @Test
  void aCorruptSnapshotIsAnErrorNamingTheFile() throws Exception {
    write(RegistrySamples.history());
    reopen();
    Files.writeString(dir.resolve(LocalRegistryStore.SNAPSHOT), "{\"version\":1,\"agents\":[{\"id\":");
    RegistryException e = assertThrows(RegistryException.class, this::reopen);
    assertTrue(e.getMessage().contains(dir.resolve(LocalRegistryStore.SNAPSHOT).toString()), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void anInvalidEntryIsAnErrorNamingTheFile() throws Exception {
    Files.writeString(dir.resolve(LocalRegistryStore.SNAPSHOT), "{\"version\":1,\"lastSequence\":0,"
        + "\"agents\":[{\"id\":\"bad id!\",\"hostname\":\"h\",\"port\":1,\"resources\":\"cpus:1\"}]}");
    RegistryException e = assertThrows(RegistryException.class, this::reopen);
    assertTrue(e.getMessage().contains(LocalRegistryStore.SNAPSHOT) && e.getMessage().contains("bad id!"),
        e.getMessage());
  }

  @Test
  void aCorruptLogLineIsAnErrorNamingTheFileAndLine() throws Exception {
    write(RegistrySamples.history().subList(0, 1));
    reopen();
    try (LocalRegistryStore s = LocalRegistryStore.open(dir)) {
      s.load();
      s.apply(RegistrySamples.history().get(1));
    }
    Path log = dir.resolve(LocalRegistryStore.LOG_FILE);
    String good = Files.readString(log);
    Files.writeString(log, "{not json}\n" + good, StandardCharsets.UTF_8);
    RegistryException e = assertThrows(RegistryException.class, this::reopen);
    assertTrue(e.getMessage().contains(log.toString()) && e.getMessage().contains("line 1"), e.getMessage());
  }

  @Test
  void aNewerFormatIsRefusedByName() throws Exception {
    Files.writeString(dir.resolve(LocalRegistryStore.SNAPSHOT), "{\"version\":99,\"lastSequence\":0}");
    RegistryException e = assertThrows(RegistryException.class, this::reopen);
    assertTrue(e.getMessage().contains("version 99"), e.getMessage());
  }

  @Test
  void twoMastersCannotShareAWorkDir() throws RegistryException {
    try (LocalRegistryStore first = LocalRegistryStore.open(dir)) {
      RegistryException e = assertThrows(RegistryException.class, () -> LocalRegistryStore.open(dir));
      assertTrue(e.getMessage().contains("in use by another master"), e.getMessage());
      assertTrue(e.getMessage().contains(LocalRegistryStore.LOCK), e.getMessage());
    }
    reopen(); // the lock goes with the store
  }

  @Test
  void aLogReplayedOverTheSnapshotThatHoldsItChangesNothing() throws Exception {
    write(RegistrySamples.history());
    Path log = dir.resolve(LocalRegistryStore.LOG_FILE);
    byte[] lines = Files.readAllBytes(log);
    reopen(); // compacts: the snapshot now holds those batches, the log is empty
    Files.write(log, lines, StandardOpenOption.TRUNCATE_EXISTING); // as if the crash came before the truncation
    assertEquals(RegistrySamples.expected(), reopen());
  }
}
