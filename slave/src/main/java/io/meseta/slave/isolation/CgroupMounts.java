package io.meseta.slave.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the cgroup layout at a root from {@code /proc/self/mountinfo}: cgroup v2 if a cgroup2 file
 * system is mounted at the root itself, cgroup v1 if cgroup hierarchies are mounted directly under
 * it (their controllers read from the mount's super options, so {@code cpu,cpuacct} mounted together
 * is found whatever the directory is called). A hybrid host has both: its root holds the v1
 * hierarchies, and its cgroup2 mount ({@code unified}) has no controllers.
 */
final class CgroupMounts {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
  /** The v1 controllers; other super options (rw, xattr, name=systemd, ...) are not controllers. */
  private static final Set<String> V1_CONTROLLERS = Set.of("blkio", "cpu", "cpuacct", "cpuset", "devices",
      "freezer", "hugetlb", "memory", "misc", "net_cls", "net_prio", "perf_event", "pids", "rdma");

  /** One cgroup or cgroup2 mount. */
  record Mount(Path mountPoint, String type, Set<String> controllers) {}

  private CgroupMounts() {}

  /** The cgroup mounts of this process's mount namespace. */
  static List<Mount> read() throws IsolationException {
    try {
      return parse(Files.readString(MOUNTINFO));
    } catch (IOException e) {
      throw new IsolationException("cannot read " + MOUNTINFO + ": " + CgroupFiles.describe(e), e);
    }
  }

  static List<Mount> parse(String mountinfo) {
    List<Mount> out = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      // id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] before = line.substring(0, dash).split(" ");
      String[] after = line.substring(dash + 3).split(" ");
      if (before.length < 5 || after.length < 3 || !(after[0].equals("cgroup") || after[0].equals("cgroup2"))) {
        continue;
      }
      Set<String> controllers = new TreeSet<>();
      if (after[0].equals("cgroup")) {
        for (String option : after[2].split(",")) {
          if (V1_CONTROLLERS.contains(option)) {
            controllers.add(option);
          }
        }
      }
      out.add(new Mount(Path.of(unescape(before[4])), after[0], controllers));
    }
    return out;
  }

  /** mountinfo writes space, tab, newline and backslash as octal escapes. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        try {
          out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        } catch (NumberFormatException e) {
          // not an escape
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * The layout of the cgroup file system at {@code root}, with its parent group created. Checked in
   * this order, so the message names the first problem: the root exists, holds a cgroup file system,
   * is writable (the parent group can be created), offers the controllers.
   *
   * @throws IsolationException if {@code root} does not exist, holds no cgroup file system, is not
   *                            writable, or lacks a controller
   */
  static CgroupLayout open(Path root, String parent, List<Mount> mounts) throws IsolationException {
    if (!Files.isDirectory(root)) {
      throw new IsolationException("cgroup root " + root + " does not exist (or is not a directory)");
    }
    Path real;
    try {
      real = root.toRealPath();
    } catch (IOException e) {
      throw new IsolationException("cannot resolve cgroup root " + root + ": " + CgroupFiles.describe(e), e);
    }
    Optional<Mount> v2 = mounts.stream().filter(m -> m.type().equals("cgroup2") && m.mountPoint().equals(real))
        .findFirst();
    Map<String, Path> v1 = new TreeMap<>();
    for (Mount m : mounts) {
      if (m.type().equals("cgroup") && real.equals(m.mountPoint().getParent())) {
        m.controllers().forEach(c -> v1.putIfAbsent(c, m.mountPoint()));
      }
    }
    if (v2.isEmpty() && v1.isEmpty()) {
      throw new IsolationException("cgroup root " + root + " is not a cgroup file system: /proc/self/mountinfo shows"
          + " neither a cgroup2 mount there nor cgroup v1 hierarchies directly under it");
    }
    Set<Path> parents = new TreeSet<>();
    if (v2.isPresent()) {
      parents.add(real.resolve(parent));
    } else {
      CgroupV1Layout.CONTROLLERS.stream().filter(v1::containsKey).forEach(c -> parents.add(v1.get(c).resolve(parent)));
    }
    for (Path dir : parents) {
      try {
        CgroupFiles.mkdir(dir);
      } catch (IsolationException e) {
        throw new IsolationException("cgroup root " + root + " is not writable (the cgroups isolator needs root): "
            + e.getMessage(), e);
      }
    }
    CgroupLayout layout = v2.isPresent() ? v2Layout(root, real, parent) : v1Layout(root, v1, parent);
    try {
      layout.init();
    } catch (IsolationException e) {
      throw new IsolationException("cannot enable the cgroup controllers at " + root + ": " + e.getMessage()
          + (v2.isPresent() ? " (cgroup v2 lets only a group without processes enable controllers for its children:"
          + " run the agent in a group of its own, not in " + root + ")" : ""), e);
    }
    return layout;
  }

  private static CgroupLayout v2Layout(Path root, Path real, String parent) throws IsolationException {
    Set<String> offered = new TreeSet<>(List.of(CgroupFiles.read(real.resolve("cgroup.controllers")).orElse("")
        .split("\\s+")));
    offered.remove("");
    Set<String> missing = new TreeSet<>(CgroupV2Layout.CONTROLLERS);
    missing.removeAll(offered);
    if (!missing.isEmpty()) {
      throw new IsolationException("cgroup2 at " + root + " does not offer controllers " + missing + " (it offers "
          + offered + "); on a hybrid host they are bound to the v1 hierarchies: use the directory that holds"
          + " them, such as /sys/fs/cgroup, as the cgroup root");
    }
    return new CgroupV2Layout(real, parent, Set.copyOf(CgroupV2Layout.CONTROLLERS));
  }

  private static CgroupLayout v1Layout(Path root, Map<String, Path> v1, String parent) throws IsolationException {
    Set<String> missing = new TreeSet<>(CgroupV1Layout.CONTROLLERS);
    missing.removeAll(v1.keySet());
    if (!missing.isEmpty()) {
      throw new IsolationException("cgroup v1 at " + root + " lacks hierarchies for controllers " + missing
          + " (mounted: " + v1.keySet() + ")");
    }
    return new CgroupV1Layout(v1, parent);
  }
}
