package io.meseta.slave;

import static io.meseta.slave.AgentHarness.FW;
import static io.meseta.slave.AgentHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.protocol.thrift.TaskState;
import io.meseta.testing.Await;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ended tasks' output copied to the log archive, here on Hadoop's local file system ({@code file://});
 * the packaging module's LogsIT does the same against a real HDFS.
 */
class AgentLogArchiveTest {
  @TempDir
  Path workDir;

  @TempDir
  Path archive;

  private AgentHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void anEndedTasksStdoutAndStderrAreCopiedToTheArchive() throws Exception {
    h = AgentHarness.start(workDir, b -> b.logArchiveDir(URI.create("file://" + archive)));
    h.launch(h.task("t1", "echo out-1; echo err-1 >&2; exit 3"));
    h.ackUntil("t1", TaskState.FAILED);

    Path dir = archive.resolve(FW).resolve("t1");
    Await.until("the output of t1 is archived", WAIT, () -> Files.exists(dir.resolve("stderr")));
    assertEquals("out-1\n", Files.readString(dir.resolve("stdout")));
    assertEquals("err-1\n", Files.readString(dir.resolve("stderr")));
    assertEquals(1, h.agent.metrics().counter("logs.archived").getCount());
    assertTrue(Files.exists(h.sandbox("t1").resolve("stdout")), "the sandbox keeps its copy");
  }

  @Test
  void aRunningTaskIsNotArchivedAndWithoutAnArchiveNothingIsCopied() throws Exception {
    h = AgentHarness.start(workDir);
    h.launch(h.task("t2", "echo hi"));
    h.ackUntil("t2", TaskState.FINISHED);
    assertEquals(0, h.agent.metrics().counter("logs.archived").getCount());
    try (var files = Files.list(archive)) {
      assertFalse(files.findAny().isPresent());
    }
  }

  @Test
  void anArchiveOnAFileSystemHadoopCannotReachStopsTheAgentAtStartNamingTheScheme() {
    Agent.AgentStartException e = assertThrows(Agent.AgentStartException.class,
        () -> AgentHarness.start(workDir, b -> b.logArchiveDir(URI.create("nosuchfs://x/logs"))));
    assertTrue(e.getMessage().contains("cannot archive task logs to nosuchfs://x/logs")
        && e.getMessage().contains("'nosuchfs'"), e.getMessage());
    IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
        () -> AgentConfig.parseArchiveDir("logs/here"));
    assertTrue(relative.getMessage().contains("absolute path"), relative.getMessage());
  }
}
