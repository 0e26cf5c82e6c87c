package io.meseta.slave.isolation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The isolators an agent runs its containers with, chosen by name ({@code --isolation
 * cgroups,namespaces/pid,filesystem}) or detected, and used as one {@link Isolator}. Whatever order
 * the names come in, the set keeps one order: {@code cgroups, posix, disk/du, namespaces/pid,
 * filesystem}, so plans compose the same way (setup lines first to last, the pid namespace outside
 * the mount namespace) and usage and limits come from the first isolator that measures them.
 */
public final class IsolatorSet implements Isolator, AutoCloseable {
  /** Every isolator name, in the set's order. */
  public static final List<String> KNOWN = List.of(CgroupsIsolator.NAME, PosixIsolator.NAME, DiskUsageIsolator.NAME,
      PidNamespaceIsolator.NAME, FilesystemIsolator.NAME);
  private static final Logger LOG = LoggerFactory.getLogger(IsolatorSet.class);

  private final List<Isolator> isolators;

  private IsolatorSet(List<Isolator> isolators) {
    List<Isolator> sorted = new ArrayList<>(isolators);
    sorted.sort(Comparator.comparingInt(i -> rank(i.name())));
    this.isolators = List.copyOf(sorted);
  }

  /** A set of isolators made elsewhere (tests, or an agent with its own choice). */
  public static IsolatorSet of(List<? extends Isolator> isolators) {
    Set<String> names = new TreeSet<>();
    for (Isolator i : isolators) {
      if (!names.add(i.name())) {
        throw new IllegalArgumentException("isolator " + i.name() + " given twice");
      }
    }
    return new IsolatorSet(List.copyOf(isolators));
  }

  /**
   * Parses a comma-separated list of isolator names.
   *
   * @throws IllegalArgumentException for an empty list, an unknown name (naming it and the known
   *                                  ones), or a name given twice
   */
  public static List<String> parseNames(String list) {
    if (list == null || list.isBlank()) {
      throw new IllegalArgumentException("the isolation list is empty; name some of " + String.join(", ", KNOWN));
    }
    Set<String> names = new LinkedHashSet<>();
    for (String raw : list.split(",", -1)) {
      String name = raw.trim();
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown isolator '" + name + "' in '" + list + "'; known isolators: "
            + String.join(", ", KNOWN));
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException("isolator " + name + " given twice in '" + list + "'");
      }
    }
    List<String> out = new ArrayList<>(names);
    out.sort(Comparator.comparingInt(IsolatorSet::rank));
    return out;
  }

  /**
   * Opens the isolators named in {@code list}.
   *
   * @throws IllegalArgumentException as {@link #parseNames}
   * @throws IsolationException       if one cannot work on this machine (its message says why)
   */
  public static IsolatorSet parse(String list, IsolationConfig config) throws IsolationException {
    List<Isolator> out = new ArrayList<>();
    for (String name : parseNames(list)) {
      out.add(open(name, config));
    }
    return new IsolatorSet(out);
  }

  /**
   * The strongest set this machine allows: {@code cgroups,disk/du,namespaces/pid,filesystem} as root
   * with a usable cgroup file system, else {@code posix,disk/du} (logging why).
   */
  public static IsolatorSet detect(IsolationConfig config) {
    List<Isolator> out = new ArrayList<>();
    try {
      out.add(CgroupsIsolator.open(config));
    } catch (IsolationException e) {
      LOG.info("Not isolating with cgroups: {}; falling back to posix", e.getMessage());
      out.add(new PosixIsolator());
    }
    out.add(new DiskUsageIsolator());
    if (out.get(0) instanceof CgroupsIsolator) {
      try {
        out.add(PidNamespaceIsolator.open());
        out.add(FilesystemIsolator.open());
      } catch (IsolationException e) {
        LOG.info("Not isolating with namespaces: {}", e.getMessage());
      }
    }
    return new IsolatorSet(out);
  }

  private static Isolator open(String name, IsolationConfig config) throws IsolationException {
    return switch (name) {
      case CgroupsIsolator.NAME -> CgroupsIsolator.open(config);
      case PosixIsolator.NAME -> new PosixIsolator();
      case DiskUsageIsolator.NAME -> new DiskUsageIsolator();
      case PidNamespaceIsolator.NAME -> PidNamespaceIsolator.open();
      case FilesystemIsolator.NAME -> FilesystemIsolator.open();
      default -> throw new IllegalArgumentException("unknown isolator '" + name + "'; known isolators: "
          + String.join(", ", KNOWN));
    };
  }

  private static int rank(String name) {
    int i = KNOWN.indexOf(name);
    return i < 0 ? KNOWN.size() : i;
  }

  /** The names of the isolators, in the set's order. */
  public List<String> names() {
    return isolators.stream().map(Isolator::name).toList();
  }

  public List<Isolator> isolators() {
    return isolators;
  }

  /** The names joined by commas, as {@code --isolation} takes them. */
  @Override
  public String name() {
    return String.join(",", names());
  }

  /** Prepares every isolator; if one fails, destroys what the others prepared and rethrows. */
  @Override
  public IsolationPlan prepare(IsolationRequest request) throws IsolationException {
    IsolationPlan plan = IsolationPlan.EMPTY;
    List<Isolator> prepared = new ArrayList<>();
    try {
      for (Isolator i : isolators) {
        plan = plan.plus(i.prepare(request));
        prepared.add(i);
      }
      return plan;
    } catch (IsolationException | RuntimeException e) {
      for (Isolator i : prepared) {
        try {
          i.destroy(request.containerId());
        } catch (IsolationException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  @Override
  public Optional<ContainerUsage> usage(String containerId) {
    for (Isolator i : isolators) {
      Optional<ContainerUsage> u = i.usage(containerId);
      if (u.isPresent()) {
        return u;
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<LimitEvent> limitReached(String containerId) {
    for (Isolator i : isolators) {
      Optional<LimitEvent> e = i.limitReached(containerId);
      if (e.isPresent()) {
        return e;
      }
    }
    return Optional.empty();
  }

  @Override
  public void killAll(String containerId) throws IsolationException {
    List<IsolationException> failures = new ArrayList<>();
    for (Isolator i : isolators) {
      try {
        i.killAll(containerId);
      } catch (IsolationException e) {
        failures.add(e);
      }
    }
    throwFirst(failures);
  }

  /** Destroys in every isolator (all are tried); returns the first limit reached, in the set's order. */
  @Override
  public Optional<LimitEvent> destroy(String containerId) throws IsolationException {
    List<IsolationException> failures = new ArrayList<>();
    Optional<LimitEvent> limit = Optional.empty();
    for (Isolator i : isolators) {
      try {
        Optional<LimitEvent> e = i.destroy(containerId);
        if (limit.isEmpty()) {
          limit = e;
        }
      } catch (IsolationException e) {
        failures.add(e);
      }
    }
    throwFirst(failures);
    return limit;
  }

  @Override
  public Set<String> recover(Collection<IsolationRequest> known) throws IsolationException {
    Set<String> destroyed = new TreeSet<>();
    List<IsolationException> failures = new ArrayList<>();
    for (Isolator i : isolators) {
      try {
        destroyed.addAll(i.recover(known));
      } catch (IsolationException e) {
        failures.add(e);
      }
    }
    throwFirst(failures);
    return destroyed;
  }

  private static void throwFirst(List<IsolationException> failures) throws IsolationException {
    if (failures.isEmpty()) {
      return;
    }
    IsolationException first = failures.get(0);
    failures.subList(1, failures.size()).forEach(first::addSuppressed);
    throw first;
  }

  /**
   * Removes what the isolators set up for the agent as a whole where no container is left in it
   * (the cgroups isolator's parent group); containers still there are left alone.
   */
  @Override
  public void close() {
    for (Isolator i : isolators) {
      if (i instanceof CgroupsIsolator c) {
        c.removeParentIfEmpty();
      }
    }
  }

  @Override
  public String toString() {
    return "IsolatorSet" + names();
  }
}
