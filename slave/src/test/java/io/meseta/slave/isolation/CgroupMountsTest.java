package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meseta.slave.isolation.CgroupMounts.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout detection from mountinfo, and the start-up errors for a bad cgroup root. */
class CgroupMountsTest {
  private static final String HYBRID = """
      31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
      32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct
      35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
      40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
      41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate
      50 23 0:40 / /mnt/with\\040space rw - cgroup2 none rw
      """;

  @TempDir
  Path tmp;

  @Test
  void parsesControllersFromSuperOptionsAndUnescapesMountPoints() {
    List<Mount> mounts = CgroupMounts.parse(HYBRID);

    assertEquals(List.of(
        new Mount(Path.of("/sys/fs/cgroup/cpu,cpuacct"), "cgroup", Set.of("cpu", "cpuacct")),
        new Mount(Path.of("/sys/fs/cgroup/memory"), "cgroup", Set.of("memory")),
        new Mount(Path.of("/sys/fs/cgroup/systemd"), "cgroup", Set.of()),
        new Mount(Path.of("/sys/fs/cgroup/unified"), "cgroup2", Set.of()),
        new Mount(Path.of("/mnt/with space"), "cgroup2", Set.of())), mounts);
  }

  @Test
  void aMissingRootIsAClearError() {
    IsolationException e = assertThrows(IsolationException.class,
        () -> CgroupsIsolator.open(IsolationConfig.DEFAULTS.withCgroupRoot(tmp.resolve("no/such/root"))));
    assertTrue(e.getMessage().contains("no/such/root") && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void aDirectoryWithoutCgroupsIsAClearError() {
    IsolationException e = assertThrows(IsolationException.class,
        () -> CgroupsIsolator.open(IsolationConfig.DEFAULTS.withCgroupRoot(tmp)));
    assertTrue(e.getMessage().contains(tmp.toString()) && e.getMessage().contains("not a cgroup file system"),
        e.getMessage());
  }

  @Test
  void cgroup2WithoutTheControllersNamesTheMissingOnes() throws IOException {
    Path root = tmp.toRealPath();
    Files.writeString(root.resolve("cgroup.controllers"), "cpu io\n");

    IsolationException e = assertThrows(IsolationException.class,
        () -> CgroupMounts.open(root, "meseta", List.of(new Mount(root, "cgroup2", Set.of()))));

    assertTrue(e.getMessage().contains("[memory, pids]") && e.getMessage().contains("hybrid"), e.getMessage());
  }

  @Test
  void cgroupV1WithoutAHierarchyNamesIt() throws IOException {
    Path root = tmp.toRealPath();
    List<Mount> mounts = List.of(new Mount(root.resolve("cpu,cpuacct"), "cgroup", Set.of("cpu", "cpuacct")),
        new Mount(root.resolve("memory"), "cgroup", Set.of("memory")));
    for (Mount m : mounts) {
      Files.createDirectories(m.mountPoint());
    }

    IsolationException e = assertThrows(IsolationException.class, () -> CgroupMounts.open(root, "meseta", mounts));

    assertTrue(e.getMessage().contains("[freezer, pids]"), e.getMessage());
  }

  /** A real cgroup2 file system, mounted read-only for the test: the agent must refuse it at start-up. */
  @Test
  void aReadOnlyCgroupRootIsNotWritable() throws Exception {
    Machine.assumeRoot();
    Path ro = Files.createDirectory(tmp.resolve("ro"));
    Process mount = new ProcessBuilder("mount", "-t", "cgroup2", "-o", "ro", "cgroup2", ro.toString())
        .redirectErrorStream(true).start();
    String out = new String(mount.getInputStream().readAllBytes());
    assumeTrue(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0,
        "needs to mount a read-only cgroup2 file system: " + out);
    try {
      IsolationException e = assertThrows(IsolationException.class,
          () -> CgroupsIsolator.open(Machine.testConfig().withCgroupRoot(ro)));
      assertTrue(e.getMessage().contains(ro.toString()) && e.getMessage().contains("not writable"), e.getMessage());
    } finally {
      Process umount = new ProcessBuilder("umount", ro.toString()).inheritIO().start();
      assertTrue(umount.waitFor(10, TimeUnit.SECONDS) && umount.exitValue() == 0, "umount " + ro);
    }
  }
}
