package io.meseta.slave.files;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.slave.files.SandboxFileException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads pieces of the files in task sandboxes ({@code ROOT/FRAMEWORK_ID/TASK_ID/FILE}) for the
 * agent's {@code /files/read}, never anything outside them: the file is a path relative to the
 * sandbox that must stay inside it, and neither the file nor the sandbox may be reached through a
 * symbolic link (a task owns its sandbox and could plant one pointing anywhere). Thread-safe.
 */
public final class SandboxFiles {
  /** The most one read returns. */
  public static final int MAX_LENGTH = 1 << 20;

  private final Path root;

  /** @param root the directory holding the sandboxes ({@code WORK_DIR/sandboxes}) */
  public SandboxFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * Up to {@code length} bytes of {@code file} from {@code offset} (an offset past the end gives
   * an empty chunk at the end).
   *
   * @throws SandboxFileException INVALID for a malformed id, path, offset or length; FORBIDDEN for a
   *     path outside the sandbox, a link or not a regular file; NOT_FOUND for a missing sandbox or
   *     file; IO if reading fails
   */
  public FileChunk read(String frameworkId, String taskId, String file, long offset, int length)
      throws SandboxFileException {
    Path sandbox = sandbox(frameworkId, taskId);
    if (offset < 0) {
      throw new SandboxFileException(Kind.INVALID, "offset must not be negative, got " + offset);
    }
    if (length < 0 || length > MAX_LENGTH) {
      throw new SandboxFileException(Kind.INVALID, "length must be between 0 and " + MAX_LENGTH + ", got " + length);
    }
    Path path = resolve(sandbox, file, taskId);
    try (SeekableByteChannel in = Files.newByteChannel(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = in.size();
      long start = Math.min(offset, size);
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, size - start));
      in.position(start);
      while (buf.hasRemaining() && in.read(buf) > 0) {
        // read on: the file may be shorter now than its size said (truncated meanwhile)
      }
      return new FileChunk(Arrays.copyOf(buf.array(), buf.position()), start, Math.max(size, start + buf.position()));
    } catch (NoSuchFileException e) {
      throw new SandboxFileException(Kind.NOT_FOUND, "task " + taskId + " of framework " + frameworkId
          + " has no file '" + file + "' in its sandbox");
    } catch (IOException e) {
      if (Files.isSymbolicLink(path)) {
        throw new SandboxFileException(Kind.FORBIDDEN, "'" + file + "' in the sandbox of task " + taskId
            + " is a symbolic link; links are not followed");
      }
      throw new SandboxFileException(Kind.IO, "cannot read '" + file + "' of task " + taskId + ": " + e, e);
    }
  }

  /** The existing sandbox of the task, reached without links. */
  private Path sandbox(String frameworkId, String taskId) throws SandboxFileException {
    String f;
    String t;
    try {
      f = FrameworkId.of(frameworkId).value();
      t = TaskId.of(taskId).value();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SandboxFileException(Kind.INVALID, e.getMessage() == null ? "a framework and a task id are required"
          : e.getMessage());
    }
    Path sandbox = root.resolve(f).resolve(t);
    if (!Files.isDirectory(sandbox, LinkOption.NOFOLLOW_LINKS)
        || !Files.isDirectory(sandbox.getParent(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SandboxFileException(Kind.NOT_FOUND, "this agent has no sandbox for task " + taskId
          + " of framework " + frameworkId);
    }
    return sandbox;
  }

  /** {@code file} inside {@code sandbox}: a relative path that stays there, with no link on the way. */
  private static Path resolve(Path sandbox, String file, String taskId) throws SandboxFileException {
    if (file == null || file.isEmpty()) {
      throw new SandboxFileException(Kind.INVALID, "a file name is required, such as stdout or stderr");
    }
    Path relative;
    try {
      relative = Path.of(file);
    } catch (java.nio.file.InvalidPathException e) {
      throw new SandboxFileException(Kind.INVALID, "'" + file + "' is not a valid path: " + e.getMessage());
    }
    Path path = sandbox.resolve(relative).normalize();
    if (relative.isAbsolute() || !path.startsWith(sandbox) || path.equals(sandbox)) {
      throw new SandboxFileException(Kind.FORBIDDEN, "'" + file + "' is outside the sandbox of task " + taskId
          + ": give a path relative to the sandbox, such as stdout");
    }
    for (Path p = path.getParent(); !p.equals(sandbox); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw new SandboxFileException(Kind.FORBIDDEN, "'" + sandbox.relativize(p) + "' in the sandbox of task "
            + taskId + " is a symbolic link; links are not followed");
      }
    }
    if (Files.isSymbolicLink(path)) {
      throw new SandboxFileException(Kind.FORBIDDEN, "'" + file + "' in the sandbox of task " + taskId
          + " is a symbolic link; links are not followed");
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new SandboxFileException(Kind.FORBIDDEN, "'" + file + "' in the sandbox of task " + taskId
          + " is not a regular file");
    }
    return path;
  }
}
