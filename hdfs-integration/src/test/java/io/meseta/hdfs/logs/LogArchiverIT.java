package io.meseta.hdfs.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.fs.HdfsAccessException.Failure;
import io.meseta.hdfs.testing.MiniHdfs;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MiniHdfs.Extension.class)
class LogArchiverIT {
  private static MiniHdfs hdfs;
  private static HadoopFileSystems fileSystems;
  private static LogArchiver archiver;
  private static URI root;

  @TempDir Path sandbox;

  @BeforeAll
  static void cluster(MiniHdfs cluster) {
    hdfs = cluster;
    fileSystems = new HadoopFileSystems(cluster.conf());
    archiver = new LogArchiver(fileSystems);
    root = URI.create(cluster.dir("logs").toString());
  }

  @AfterAll
  static void closeClients() {
    fileSystems.close();
  }

  private static String read(InputStream in) throws Exception {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void archivesStdoutAndStderrAndReadsThemBack() throws Exception {
    String out = "line 1\nline 2\n".repeat(50_000); // about 700 KB
    Files.writeString(sandbox.resolve("stdout"), out);
    Files.writeString(sandbox.resolve("stderr"), "oops\n");

    ArchivedLogs result = archiver.archive(sandbox, "fw-1", "task-1", root);

    assertEquals(List.of(LogStream.STDOUT, LogStream.STDERR), result.archived());
    assertEquals(List.of(), result.missing());
    assertTrue(result.directory().toString().endsWith(root + "/fw-1/task-1"), result.directory().toString());
    assertTrue(hdfs.fs().exists(new org.apache.hadoop.fs.Path(root + "/fw-1/task-1/stdout")));
    assertEquals(out, read(archiver.open(root, "fw-1", "task-1", LogStream.STDOUT)));
    assertEquals("oops\n", read(archiver.open(root, "fw-1", "task-1", LogStream.STDERR)));
    assertEquals("ps\n", read(archiver.open(root, "fw-1", "task-1", LogStream.STDERR, 2)));
    assertEquals(Optional.of((long) out.length()), archiver.length(root, "fw-1", "task-1", LogStream.STDOUT));
    assertEquals(List.of("fw-1"), archiver.frameworksOf(root, "task-1"));
  }

  @Test
  void archivingAgainReplacesTheEarlierCopy() throws Exception {
    Files.writeString(sandbox.resolve("stdout"), "first");
    archiver.archive(sandbox, "fw-1", "task-again", root);
    Files.writeString(sandbox.resolve("stdout"), "second");
    archiver.archive(sandbox, "fw-1", "task-again", root);
    assertEquals("second", read(archiver.open(root, "fw-1", "task-again", LogStream.STDOUT)));
  }

  @Test
  void aMissingStreamIsReportedAndReadingItFailsNamingTheTask() throws Exception {
    Files.writeString(sandbox.resolve("stdout"), "only stdout");

    ArchivedLogs result = archiver.archive(sandbox, "fw-2", "task-2", root);

    assertEquals(List.of(LogStream.STDERR), result.missing());
    LogArchiveException e = assertThrows(LogArchiveException.class,
        () -> archiver.open(root, "fw-2", "task-2", LogStream.STDERR));
    assertEquals(Failure.NOT_FOUND, e.failure());
    assertTrue(e.getMessage().contains("task-2") && e.getMessage().contains("stderr"), e.getMessage());
    assertEquals(Optional.empty(), archiver.length(root, "fw-2", "task-2", LogStream.STDERR));
  }

  @Test
  void idsWithColonsAreStoredUnderNamesHdfsAccepts() throws Exception {
    Files.writeString(sandbox.resolve("stdout"), "colons");

    archiver.archive(sandbox, "fw:3", "task:3:a", URI.create(hdfs.uri() + root.getPath()));

    assertEquals("colons", read(archiver.open(root, "fw:3", "task:3:a", LogStream.STDOUT)));
    assertEquals(List.of("fw:3"), archiver.frameworksOf(root, "task:3:a"));
    assertEquals(List.of(), archiver.frameworksOf(root, "never-ran"));
  }

  @Test
  void invalidIdsAreRejectedBeforeAnythingIsWritten() {
    assertThrows(IllegalArgumentException.class, () -> archiver.archive(sandbox, "../x", "t", root));
    assertThrows(IllegalArgumentException.class, () -> archiver.archive(sandbox, "f", "a/b", root));
  }
}
