package io.meseta.slave.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.slave.files.SandboxFileException.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxFilesTest {
  @TempDir
  Path root;

  @TempDir
  Path outside;

  private SandboxFiles files;
  private Path sandbox;

  @BeforeEach
  void sandbox() throws Exception {
    files = new SandboxFiles(root);
    sandbox = Files.createDirectories(root.resolve("fw-1").resolve("t1"));
    Files.writeString(sandbox.resolve("stdout"), "0123456789");
    Files.writeString(outside.resolve("secret"), "s3cret");
  }

  private SandboxFileException refused(Kind kind, String framework, String task, String file, long offset, int len) {
    SandboxFileException e = assertThrows(SandboxFileException.class,
        () -> files.read(framework, task, file, offset, len));
    assertEquals(kind, e.kind(), e.getMessage());
    return e;
  }

  @Test
  void readsAPieceFromAnOffset() throws Exception {
    FileChunk c = files.read("fw-1", "t1", "stdout", 3, 4);
    assertArrayEquals("3456".getBytes(StandardCharsets.UTF_8), c.data());
    assertEquals(3, c.offset());
    assertEquals(10, c.size());
    assertEquals(false, c.eof());
    assertEquals(true, files.read("fw-1", "t1", "stdout", 8, 100).eof());
    FileChunk past = files.read("fw-1", "t1", "stdout", 50, 10);
    assertEquals(0, past.data().length);
    assertEquals(10, past.offset());
  }

  @Test
  void nothingOutsideTheSandboxIsServed() throws Exception {
    assertTrue(refused(Kind.FORBIDDEN, "fw-1", "t1", "../../../" + outside.getFileName() + "/secret", 0, 10)
        .getMessage().contains("outside the sandbox of task t1"));
    refused(Kind.FORBIDDEN, "fw-1", "t1", outside.resolve("secret").toString(), 0, 10);
    refused(Kind.FORBIDDEN, "fw-1", "t1", ".", 0, 10);
    Files.createSymbolicLink(sandbox.resolve("stdout-link"), outside.resolve("secret"));
    assertTrue(refused(Kind.FORBIDDEN, "fw-1", "t1", "stdout-link", 0, 10).getMessage().contains("symbolic link"));
    Files.createSymbolicLink(sandbox.resolve("out"), outside);
    assertTrue(refused(Kind.FORBIDDEN, "fw-1", "t1", "out/secret", 0, 10).getMessage().contains("'out'"));
    Path linkedSandbox = root.resolve("fw-1").resolve("t9");
    Files.createSymbolicLink(linkedSandbox, outside);
    refused(Kind.NOT_FOUND, "fw-1", "t9", "secret", 0, 10);
  }

  @Test
  void malformedRequestsAndMissingFilesNameTheProblem() {
    assertTrue(refused(Kind.NOT_FOUND, "fw-1", "t1", "stderr", 0, 10).getMessage().contains("no file 'stderr'"));
    assertTrue(refused(Kind.NOT_FOUND, "fw-1", "t2", "stdout", 0, 10).getMessage()
        .contains("no sandbox for task t2 of framework fw-1"));
    refused(Kind.INVALID, "fw-1", "..", "stdout", 0, 10);
    refused(Kind.INVALID, "fw/1", "t1", "stdout", 0, 10);
    assertTrue(refused(Kind.INVALID, "fw-1", "t1", "stdout", -1, 10).getMessage().contains("offset"));
    assertTrue(refused(Kind.INVALID, "fw-1", "t1", "stdout", 0, SandboxFiles.MAX_LENGTH + 1).getMessage()
        .contains("length"));
    refused(Kind.INVALID, "fw-1", "t1", "", 0, 10);
  }
}
