package io.meseta.slave.isolation;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configuration of an agent's isolators. Validated on construction; every message names the bad
 * field.
 *
 * @param cgroupRoot   where the cgroup file system is mounted: a cgroup2 mount (pure v2 hosts), or the
 *                     directory holding the v1 hierarchies ({@code memory}, {@code cpu}, ...; hybrid
 *                     hosts, whose cgroup2 mount at {@code unified} lacks the controllers)
 * @param cgroupParent the group under which every container's group is created
 * @param pidsLimit    the most processes and threads one container may have at once
 */
public record IsolationConfig(Path cgroupRoot, String cgroupParent, int pidsLimit) {
  private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  public static final Path DEFAULT_CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  public static final String DEFAULT_CGROUP_PARENT = "meseta";
  /** Enough for a JVM with a few hundred threads and its children; stops a fork bomb early. */
  public static final int DEFAULT_PIDS_LIMIT = 4096;
  public static final IsolationConfig DEFAULTS =
      new IsolationConfig(DEFAULT_CGROUP_ROOT, DEFAULT_CGROUP_PARENT, DEFAULT_PIDS_LIMIT);

  public IsolationConfig {
    Objects.requireNonNull(cgroupRoot, "cgroupRoot");
    if (!cgroupRoot.isAbsolute()) {
      throw new IllegalArgumentException("cgroupRoot must be an absolute path, got " + cgroupRoot);
    }
    cgroupRoot = cgroupRoot.normalize();
    if (cgroupParent == null || !GROUP_NAME.matcher(cgroupParent).matches()) {
      throw new IllegalArgumentException("cgroupParent must be 1-100 characters from [A-Za-z0-9._-], starting with"
          + " a letter or digit, got '" + cgroupParent + "'");
    }
    if (pidsLimit < 1) {
      throw new IllegalArgumentException("pidsLimit must be at least 1, got " + pidsLimit);
    }
  }

  public IsolationConfig withCgroupRoot(Path root) {
    return new IsolationConfig(root, cgroupParent, pidsLimit);
  }

  public IsolationConfig withCgroupParent(String parent) {
    return new IsolationConfig(cgroupRoot, parent, pidsLimit);
  }

  public IsolationConfig withPidsLimit(int limit) {
    return new IsolationConfig(cgroupRoot, cgroupParent, limit);
  }
}
