package io.meseta.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For integration tests whose tasks share files with the test (its temporary directory, under
 * /tmp) or whose pids the test reads: isolators without a private /tmp and without a pid namespace
 * (cgroups where this JVM may use them, else posix), and a framework user that is the test's own,
 * so that tasks run as a user who can reach the test's files.
 */
final class SharedHost {
  static final String ISOLATION = cgroupsUsable() ? "cgroups,disk/du" : "posix,disk/du";
  static final String USER = System.getProperty("user.name");

  private SharedHost() {}

  private static boolean cgroupsUsable() {
    return "root".equals(USER) && Files.isDirectory(Path.of("/sys/fs/cgroup"));
  }
}
