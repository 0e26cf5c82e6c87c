package io.meseta.slave.isolation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * cgroup v2: one unified hierarchy. A container's group gets the cpu, memory and pids limits its
 * parent enabled; killing uses {@code cgroup.kill} (kernel 5.14+), else freezes the group with
 * {@code cgroup.freeze} and kills its processes one by one.
 */
final class CgroupV2Layout extends CgroupLayout {
  static final List<String> CONTROLLERS = List.of("cpu", "memory", "pids");
  private static final Duration FREEZE_WAIT = Duration.ofSeconds(1);

  private final Path root;
  private final Path parent;
  private final Set<String> controllers;

  /**
   * @param root        the cgroup2 mount (or the group the agent may create groups under)
   * @param parent      the name of the agent's parent group under it
   * @param controllers the controllers to enable for containers; writing a limit of a controller
   *                    not listed is skipped
   */
  CgroupV2Layout(Path root, String parent, Set<String> controllers) {
    this.root = root;
    this.parent = root.resolve(parent);
    this.controllers = Set.copyOf(controllers);
  }

  @Override
  String describe() {
    return "cgroup v2 at " + parent + " (controllers " + new TreeSet<>(controllers) + ")";
  }

  @Override
  int version() {
    return 2;
  }

  @Override
  List<Path> parentDirs() {
    return List.of(parent);
  }

  @Override
  List<Path> groupDirs(String name) {
    return List.of(parent.resolve(name));
  }

  @Override
  void init() throws IsolationException {
    String enable = enableLine();
    if (!enable.isEmpty()) {
      Path rootControl = root.resolve("cgroup.subtree_control");
      if (!CgroupFiles.read(rootControl).map(t -> Set.of(t.split("\\s+")).containsAll(controllers)).orElse(false)) {
        CgroupFiles.write(rootControl, enable);
      }
    }
    CgroupFiles.mkdir(parent);
    if (!enable.isEmpty()) {
      CgroupFiles.write(parent.resolve("cgroup.subtree_control"), enable);
    }
  }

  private String enableLine() {
    List<String> plus = new ArrayList<>();
    new TreeSet<>(controllers).forEach(c -> plus.add("+" + c));
    return String.join(" ", plus);
  }

  @Override
  void create(String name, CgroupLimits limits) throws IsolationException {
    Path dir = parent.resolve(name);
    try {
      CgroupFiles.mkdir(dir);
      if (limits.limitsCpu() && controllers.contains("cpu")) {
        CgroupFiles.write(dir.resolve("cpu.weight"), Long.toString(limits.weight()));
        CgroupFiles.write(dir.resolve("cpu.max"), limits.quotaMicros() + " " + CgroupLimits.PERIOD_MICROS);
      }
      if (limits.memoryBytes().isPresent() && controllers.contains("memory")) {
        CgroupFiles.write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes().getAsLong()));
        Path swap = dir.resolve("memory.swap.max");
        if (Files.exists(swap)) {
          CgroupFiles.write(swap, "0"); // no swap beyond the memory limit
        }
      }
      if (controllers.contains("pids")) {
        CgroupFiles.write(dir.resolve("pids.max"), Long.toString(limits.pidsMax()));
      }
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
    return List.of("echo $$ > " + IsolationPlan.quote(parent.resolve(name).resolve("cgroup.procs").toString()));
  }

  @Override
  Optional<ContainerUsage> usage(String name) {
    Path dir = parent.resolve(name);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    long cpuMicros = CgroupFiles.readKeyed(dir.resolve("cpu.stat")).getOrDefault("usage_usec", 0L);
    long used = CgroupFiles.readLong(dir.resolve("memory.current")).orElse(0);
    return Optional.of(new ContainerUsage(Duration.ofNanos(cpuMicros * 1000), used,
        CgroupFiles.readLong(dir.resolve("memory.max")), processes(name).size()));
  }

  @Override
  Optional<MemoryState> memory(String name) {
    Path dir = parent.resolve(name);
    if (!Files.isDirectory(dir) || !Files.exists(dir.resolve("memory.events"))) {
      return Optional.empty();
    }
    long kills = CgroupFiles.readKeyed(dir.resolve("memory.events")).getOrDefault("oom_kill", 0L);
    long current = CgroupFiles.readLong(dir.resolve("memory.current")).orElse(0);
    long peak = CgroupFiles.readLong(dir.resolve("memory.peak")).orElse(current); // memory.peak: kernel 5.19+
    OptionalLong limit = CgroupFiles.readLong(dir.resolve("memory.max"));
    return Optional.of(new MemoryState(kills, limit, peak, current));
  }

  @Override
  void signalAll(String name) throws IsolationException {
    Path dir = parent.resolve(name);
    Path kill = dir.resolve("cgroup.kill");
    if (Files.exists(kill)) {
      CgroupFiles.write(kill, "1"); // the kernel kills the whole subtree, forks racing it included
      return;
    }
    Path freeze = dir.resolve("cgroup.freeze");
    boolean frozen = false;
    if (Files.exists(freeze)) {
      CgroupFiles.write(freeze, "1");
      frozen = true;
      Signals.await(() -> CgroupFiles.readKeyed(dir.resolve("cgroup.events")).getOrDefault("frozen", 1L) == 1,
          FREEZE_WAIT);
    }
    try {
      Signals.kill(processes(name));
    } finally {
      if (frozen) {
        CgroupFiles.write(freeze, "0");
      }
    }
  }
}
