package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the machine running the tests allows; tests that need more skip with a message that says why. */
final class Machine {
  private Machine() {}

  static boolean isLinux() {
    return Files.isDirectory(Path.of("/proc/self"));
  }

  /** The effective uid of this JVM, from /proc. */
  static Optional<Long> uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Optional.of(Long.parseLong(line.substring(4).trim().split("\\s+")[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  static void assumeLinux() {
    assumeTrue(isLinux(), "needs Linux: /proc is missing");
  }

  static void assumeRoot() {
    assumeLinux();
    assumeTrue(uid().orElse(-1L) == 0, "needs root: cgroups and namespaces cannot be set up as uid "
        + uid().map(String::valueOf).orElse("unknown"));
  }

  /** The cgroups isolator under a parent group of the test's own, or a skip saying why there is none. */
  static CgroupsIsolator cgroups(IsolationConfig config) {
    assumeRoot();
    try {
      return CgroupsIsolator.open(config);
    } catch (IsolationException e) {
      assumeTrue(false, "needs a usable cgroup file system at " + config.cgroupRoot() + ": " + e.getMessage());
      throw new AssertionError(e);
    }
  }

  /** A config whose parent group is this JVM's own, so tests never touch an agent's groups. */
  static IsolationConfig testConfig() {
    return IsolationConfig.DEFAULTS.withCgroupParent("meseta-test-" + ProcessHandle.current().pid());
  }

  /** Removes the (empty) parent groups a test created. */
  static void removeParents(CgroupsIsolator isolator) {
    for (Path dir : isolator.layout().parentDirs()) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        throw new AssertionError("cannot remove test cgroup " + dir + " (groups left: "
            + CgroupFiles.subgroups(dir) + ")", e);
      }
    }
  }

  /** Whether {@code pid} is a process that has not exited (a zombie counts as exited). */
  static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }
}
