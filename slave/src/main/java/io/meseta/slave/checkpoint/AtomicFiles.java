package io.meseta.slave.checkpoint;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces files so that a reader, or an agent restarted after a crash, sees the old content or
 * the new, never a mix.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code content} to a temporary file beside {@code file} and renames it over {@code file}.
   * With {@code sync} the temporary file is forced to disk first, so the new content also survives
   * a power loss; without, it survives the agent's death (the kernel still has it).
   */
  static void write(Path file, byte[] content, boolean sync) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      // A stream, not a FileChannel: an interrupt (the master link is woken that way) must not fail the write.
      try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
        out.write(content);
        if (sync) {
          out.getFD().sync();
        }
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Moves an unreadable file aside to {@code <file>.corrupt}, replacing an older one; returns the new path. */
  static Path quarantine(Path file) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    return aside;
  }
}
