package io.meseta.slave.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cgroup per container under the agent's parent group, v1 or v2 as the host has it:
 *
 * <ul>
 *   <li>CPU: shares of 1024 per cpu (v2: the equivalent {@code cpu.weight}) and a CFS quota of
 *       cpus x 100 ms per 100 ms, so 0.5 cpus is half a core however idle the machine is;</li>
 *   <li>memory: a limit of {@code mem} MB, swap included (v1 {@code memory.memsw.limit_in_bytes},
 *       v2 {@code memory.swap.max = 0}); past it the kernel's OOM killer kills a process of the
 *       container, which {@link #limitReached} reports as {@code MEMORY_LIMIT};</li>
 *   <li>pids: at most {@link IsolationConfig#pidsLimit()} processes and threads.</li>
 * </ul>
 *
 * <p>A container without {@code cpus} gets no CPU shares or quota; one without {@code mem} gets no
 * memory limit. The process joins its groups in the launch shell, before the command runs, so
 * every child (double-forked daemons included) is in them; {@link #killAll} kills the whole group.
 */
public final class CgroupsIsolator implements Isolator {
  public static final String NAME = "cgroups";
  private static final Logger LOG = LoggerFactory.getLogger(CgroupsIsolator.class);

  private final CgroupLayout layout;
  private final long pidsLimit;

  CgroupsIsolator(CgroupLayout layout, long pidsLimit) {
    this.layout = layout;
    this.pidsLimit = pidsLimit;
  }

  /**
   * Opens the cgroup file system at {@code config.cgroupRoot()} and creates the parent group.
   *
   * @throws IsolationException if the root does not exist, holds no cgroup file system with the cpu,
   *                            cpuacct (v1), memory, pids and freezer (v1) controllers, or is not
   *                            writable
   */
  public static CgroupsIsolator open(IsolationConfig config) throws IsolationException {
    CgroupLayout layout = CgroupMounts.open(config.cgroupRoot(), config.cgroupParent(), CgroupMounts.read());
    LOG.info("cgroups isolator: {}", layout.describe());
    return new CgroupsIsolator(layout, config.pidsLimit());
  }

  @Override
  public String name() {
    return NAME;
  }

  CgroupLayout layout() {
    return layout;
  }

  /** 1 or 2. */
  public int cgroupVersion() {
    return layout.version();
  }

  /** {@code cgroup v1 {...}} or {@code cgroup v2 at ...}: where the groups are. */
  public String describe() {
    return layout.describe();
  }

  /**
   * Removes the agent's parent group where it holds no container group and no process (an agent
   * stopping after its containers were destroyed); {@link #open} creates it again. Returns whether
   * nothing of it is left.
   */
  public boolean removeParentIfEmpty() {
    boolean removed = true;
    for (Path dir : layout.parentDirs()) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      if (!CgroupFiles.subgroups(dir).isEmpty() || !CgroupFiles.processes(dir).isEmpty()) {
        removed = false;
        continue;
      }
      try {
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        LOG.debug("Cannot remove the parent cgroup {}: {}", dir, CgroupFiles.describe(e));
        removed = false;
      }
    }
    return removed;
  }

  @Override
  public IsolationPlan prepare(IsolationRequest request) throws IsolationException {
    String name = GroupName.of(request.containerId());
    if (layout.exists(name)) {
      Set<Long> left = layout.processes(name);
      if (!left.isEmpty()) {
        throw new IsolationException("container " + request.containerId() + " already has processes " + left
            + " in its cgroup " + name + " (" + layout.describe() + ")");
      }
      layout.remove(name); // an empty leftover: start afresh, with no old OOM count
    }
    CgroupLimits limits = CgroupLimits.of(request, pidsLimit);
    try {
      layout.create(name, limits);
    } catch (IsolationException e) {
      throw new IsolationException("container " + request.containerId() + ": " + e.getMessage(), e);
    }
    return new IsolationPlan(layout.joinLines(name), List.of(), Map.of());
  }

  @Override
  public Optional<ContainerUsage> usage(String containerId) {
    return layout.usage(GroupName.of(containerId));
  }

  @Override
  public Optional<LimitEvent> limitReached(String containerId) {
    return layout.memory(GroupName.of(containerId)).filter(m -> m.oomKills() > 0).map(m -> {
      long limit = m.limitBytes().orElse(0);
      return new LimitEvent(LimitEvent.Kind.MEMORY, limit, m.peakBytes(),
          "memory limit reached: the kernel's OOM killer killed " + m.oomKills()
              + (m.oomKills() == 1 ? " process" : " processes") + " of container " + containerId + "; limit "
              + Units.mb(limit) + ", peak usage " + Units.mb(m.peakBytes()) + " (swap included)");
    });
  }

  @Override
  public void killAll(String containerId) throws IsolationException {
    layout.kill(GroupName.of(containerId));
  }

  @Override
  public Optional<LimitEvent> destroy(String containerId) throws IsolationException {
    String name = GroupName.of(containerId);
    if (!layout.exists(name)) {
      return Optional.empty();
    }
    Optional<LimitEvent> limit = limitReached(containerId);
    layout.kill(name);
    layout.remove(name);
    return limit;
  }

  @Override
  public Set<String> recover(Collection<IsolationRequest> known) throws IsolationException {
    Set<String> keep = new TreeSet<>();
    known.forEach(r -> keep.add(GroupName.of(r.containerId())));
    Set<String> destroyed = new TreeSet<>();
    List<IsolationException> failures = new ArrayList<>();
    for (String name : layout.groups()) {
      if (keep.contains(name)) {
        continue;
      }
      LOG.info("Destroying cgroup {} left by an earlier agent (processes {})", name, layout.processes(name));
      try {
        layout.kill(name);
        layout.remove(name);
        destroyed.add(name);
      } catch (IsolationException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      IsolationException e = new IsolationException("could not destroy " + failures.size()
          + " leftover cgroups: " + failures.get(0).getMessage());
      failures.forEach(e::addSuppressed);
      throw e;
    }
    return destroyed;
  }
}
