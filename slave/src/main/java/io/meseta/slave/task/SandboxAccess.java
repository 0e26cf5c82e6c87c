package io.meseta.slave.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets tasks running as other users reach their sandboxes by absolute path
 * ({@code MESETA_SANDBOX}): the directories from the work directory down to a framework's
 * sandboxes get search permission for others (never read permission, so nobody can list them).
 * Directories above the work directory are the operator's: one that others cannot search is logged.
 */
final class SandboxAccess {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxAccess.class);

  private SandboxAccess() {}

  /** Creates {@code to} and lets others search every directory from {@code from} down to it. */
  static void openPath(Path from, Path to) {
    try {
      Files.createDirectories(to);
      for (Path dir = to; dir != null && dir.startsWith(from); dir = dir.getParent()) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
          Files.setPosixFilePermissions(dir, perms);
          LOG.info("Let other users search {}, so that tasks running as them reach their sandboxes", dir);
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("Cannot let other users reach the sandboxes under {}: {}", from, e.toString());
    }
  }

  /** Logs each directory above {@code dir} that other users cannot search. */
  static void warnIfUnreachable(Path dir) {
    for (Path d = dir.getParent(); d != null; d = d.getParent()) {
      try {
        if (!Files.getPosixFilePermissions(d).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          LOG.warn("Other users cannot search {}: tasks running as them cannot reach their sandboxes under {} by "
              + "absolute path", d, dir);
        }
      } catch (IOException | UnsupportedOperationException e) {
        LOG.debug("Cannot read the permissions of {}: {}", d, e.toString());
      }
    }
  }
}
