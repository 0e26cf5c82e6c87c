package io.meseta.slave.isolation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The files of one cgroup layout (v1 or v2) under the agent's parent group: creating a container's
 * group with its limits, the shell lines that move a process into it, reading it, and killing and
 * removing it. Policy (which limits, what counts as a limit reached) is {@link CgroupsIsolator}'s.
 */
abstract class CgroupLayout {
  /** How long the processes of a killed group may take to leave it, per round. */
  static final Duration EXIT_WAIT = Duration.ofSeconds(5);
  private static final int KILL_ROUNDS = 3;

  /** What the memory controller says of a group. */
  record MemoryState(long oomKills, OptionalLong limitBytes, long peakBytes, long currentBytes) {}

  /** {@code cgroup v1 (memory at ..., ...)}, for logs and errors. */
  abstract String describe();

  /** The version, 1 or 2. */
  abstract int version();

  /** The group's directories, one per distinct hierarchy (one in v2). */
  abstract List<Path> groupDirs(String name);

  /** The parent directories the groups are created in. */
  abstract List<Path> parentDirs();

  /**
   * Creates the parent group where missing (and, in v2, enables the controllers for its children).
   *
   * @throws IsolationException if the hierarchy is not writable
   */
  abstract void init() throws IsolationException;

  /** Creates the group and writes its limits; on failure removes what it created. */
  abstract void create(String name, CgroupLimits limits) throws IsolationException;

  /** {@code /bin/sh} lines that move the running shell ({@code $$}) into the group. */
  abstract List<String> joinLines(String name);

  abstract Optional<ContainerUsage> usage(String name);

  abstract Optional<MemoryState> memory(String name);

  /** Sends SIGKILL to every process of the group once, frozen first where the layout can. */
  abstract void signalAll(String name) throws IsolationException;

  final boolean exists(String name) {
    return groupDirs(name).stream().anyMatch(Files::isDirectory);
  }

  final Set<Long> processes(String name) {
    Set<Long> pids = new TreeSet<>();
    groupDirs(name).forEach(dir -> pids.addAll(CgroupFiles.processes(dir)));
    return pids;
  }

  /** Kills every process of the group and waits until the group is empty. */
  final void kill(String name) throws IsolationException {
    for (int round = 0; round < KILL_ROUNDS; round++) {
      if (processes(name).isEmpty()) {
        return;
      }
      signalAll(name);
      if (Signals.await(() -> processes(name).isEmpty(), EXIT_WAIT)) {
        return;
      }
    }
    throw new IsolationException("processes " + processes(name) + " of cgroup " + name + " in " + describe()
        + " survived SIGKILL " + KILL_ROUNDS + " times");
  }

  /** Removes the group in every hierarchy; it must be empty. */
  final void remove(String name) throws IsolationException {
    for (Path dir : groupDirs(name)) {
      CgroupFiles.remove(dir);
    }
  }

  /** The names of the groups under the parent (in any hierarchy). */
  final SortedSet<String> groups() {
    SortedSet<String> names = new TreeSet<>();
    for (Path parent : parentDirs()) {
      CgroupFiles.subgroups(parent).forEach(g -> names.add(g.getFileName().toString()));
    }
    return names;
  }
}
