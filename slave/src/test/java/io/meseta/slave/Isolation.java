package io.meseta.slave;

import io.meseta.slave.isolation.CgroupsIsolator;
import io.meseta.slave.isolation.IsolationConfig;
import io.meseta.slave.isolation.IsolationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The isolation agents under test use, and what this machine allows. */
final class Isolation {
  private static final AtomicInteger PARENTS = new AtomicInteger();
  private static final boolean CGROUPS = cgroupsUsable();

  /**
   * The strongest isolation in which tasks still see the host's pids (no pid namespace): the
   * agent tests read the pids tasks write ({@code echo $$}) and probe them from outside.
   */
  static final String HOST_PIDS = CGROUPS ? "cgroups,disk/du,filesystem" : "posix,disk/du";

  private Isolation() {}

  /** A cgroup parent of its own for each agent under test, so that no agent destroys another's containers. */
  static String cgroupParent() {
    return "meseta-test-" + ProcessHandle.current().pid() + "-" + PARENTS.incrementAndGet();
  }

  /** Whether this JVM can use cgroups (it runs as root on a machine with a cgroup file system). */
  static boolean cgroupsUsable() {
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return false;
    }
    String probeParent = "meseta-test-probe-" + ProcessHandle.current().pid();
    try {
      CgroupsIsolator c = CgroupsIsolator.open(IsolationConfig.DEFAULTS.withCgroupParent(probeParent));
      c.removeParentIfEmpty();
      return true;
    } catch (IsolationException e) {
      return false;
    }
  }

  static boolean root() {
    return io.meseta.slave.users.OsUser.ofThisProcess().isRoot();
  }
}
