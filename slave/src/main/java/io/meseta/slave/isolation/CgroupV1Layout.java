package io.meseta.slave.isolation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * cgroup v1: one hierarchy per controller (or a few controllers mounted together). A container's
 * group is created in the cpu, cpuacct, memory, pids and freezer hierarchies; killing freezes it
 * first, so nothing forks while it is being killed.
 */
final class CgroupV1Layout extends CgroupLayout {
  static final List<String> CONTROLLERS = List.of("cpu", "cpuacct", "memory", "pids", "freezer");
  /** The kernel's "no limit" for memory.limit_in_bytes is near Long.MAX_VALUE, rounded to a page. */
  private static final long UNLIMITED_FLOOR = Long.MAX_VALUE / 2;
  private static final Duration FREEZE_WAIT = Duration.ofSeconds(1);

  /** controller -> {@code <mount point>/<parent>} */
  private final Map<String, Path> parents;

  CgroupV1Layout(Map<String, Path> mounts, String parent) {
    Map<String, Path> p = new TreeMap<>();
    for (String c : CONTROLLERS) {
      Path mount = mounts.get(c);
      if (mount == null) {
        throw new IllegalArgumentException("no hierarchy for controller " + c + " in " + mounts);
      }
      p.put(c, mount.resolve(parent));
    }
    this.parents = Map.copyOf(p);
  }

  @Override
  String describe() {
    return "cgroup v1 " + new TreeMap<>(parents);
  }

  @Override
  int version() {
    return 1;
  }

  private Path dir(String controller, String name) {
    return parents.get(controller).resolve(name);
  }

  @Override
  List<Path> parentDirs() {
    Set<Path> distinct = new LinkedHashSet<>();
    CONTROLLERS.forEach(c -> distinct.add(realOrSelf(parents.get(c))));
    return List.copyOf(distinct);
  }

  @Override
  List<Path> groupDirs(String name) {
    List<Path> out = new ArrayList<>();
    parentDirs().forEach(p -> out.add(p.resolve(name)));
    return out;
  }

  /** cpu and cpuacct are often one hierarchy reached through two symlinks. */
  private static Path realOrSelf(Path p) {
    try {
      return p.toRealPath();
    } catch (java.io.IOException e) {
      return p;
    }
  }

  @Override
  void init() throws IsolationException {
    for (Path parent : parentDirs()) {
      CgroupFiles.mkdir(parent);
    }
  }

  @Override
  void create(String name, CgroupLimits limits) throws IsolationException {
    try {
      for (Path dir : groupDirs(name)) {
        CgroupFiles.mkdir(dir);
      }
      if (limits.limitsCpu()) {
        Path cpu = dir("cpu", name);
        CgroupFiles.write(cpu.resolve("cpu.shares"), Long.toString(limits.shares()));
        CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CgroupLimits.PERIOD_MICROS));
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(limits.quotaMicros()));
      }
      if (limits.memoryBytes().isPresent()) {
        Path memory = dir("memory", name);
        String bytes = Long.toString(limits.memoryBytes().getAsLong());
        CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw)) {
          CgroupFiles.write(memsw, bytes); // memory + swap = memory: no swap beyond the limit
        } else {
          CgroupFiles.write(memory.resolve("memory.swappiness"), "0"); // no swap accounting: avoid swap
        }
      }
      CgroupFiles.write(dir("pids", name).resolve("pids.max"), Long.toString(limits.pidsMax()));
    } catch (IsolationException e) {
      try {
        remove(name);
      } catch (IsolationException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  List<String> joinLines(String name) {
    List<String> lines = new ArrayList<>();
    for (Path dir : groupDirs(name)) {
      lines.add("echo $$ > " + IsolationPlan.quote(dir.resolve("cgroup.procs").toString()));
    }
    return lines;
  }

  @Override
  Optional<ContainerUsage> usage(String name) {
    Path memory = dir("memory", name);
    if (!Files.isDirectory(memory)) {
      return Optional.empty();
    }
    long cpuNanos = CgroupFiles.readLong(dir("cpuacct", name).resolve("cpuacct.usage")).orElse(0);
    long used = CgroupFiles.readLong(memory.resolve("memory.usage_in_bytes")).orElse(0);
    return Optional.of(new ContainerUsage(Duration.ofNanos(cpuNanos), used, limit(memory), processes(name).size()));
  }

  private static OptionalLong limit(Path memory) {
    OptionalLong limit = CgroupFiles.readLong(memory.resolve("memory.limit_in_bytes"));
    return limit.isPresent() && limit.getAsLong() < UNLIMITED_FLOOR ? limit : OptionalLong.empty();
  }

  @Override
  Optional<MemoryState> memory(String name) {
    Path memory = dir("memory", name);
    if (!Files.isDirectory(memory)) {
      return Optional.empty();
    }
    // oom_kill (kernel 4.13+) counts the processes the OOM killer killed in this group.
    long kills = CgroupFiles.readKeyed(memory.resolve("memory.oom_control")).getOrDefault("oom_kill", 0L);
    long peak = CgroupFiles.readLong(memory.resolve("memory.max_usage_in_bytes")).orElse(0);
    long current = CgroupFiles.readLong(memory.resolve("memory.usage_in_bytes")).orElse(0);
    return Optional.of(new MemoryState(kills, limit(memory), peak, current));
  }

  @Override
  void signalAll(String name) throws IsolationException {
    Path freezer = dir("freezer", name);
    Path state = freezer.resolve("freezer.state");
    boolean frozen = false;
    if (Files.isDirectory(freezer)) {
      CgroupFiles.write(state, "FROZEN");
      frozen = true;
      // FREEZING until every task is frozen; a task in uninterruptible sleep may delay it. Kill anyway:
      // SIGKILL is delivered when the group thaws.
      Signals.await(() -> CgroupFiles.read(state).map("FROZEN"::equals).orElse(true), FREEZE_WAIT);
    }
    try {
      Signals.kill(processes(name));
    } finally {
      if (frozen) {
        CgroupFiles.write(state, "THAWED");
      }
    }
  }
}
