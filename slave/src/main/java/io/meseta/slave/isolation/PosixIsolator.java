package io.meseta.slave.isolation;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback without root or cgroups. Every process of a container carries the environment
 * variable {@value #MARKER} with its id; the container is those processes and their descendants,
 * found by scanning {@code /proc}. Memory is the resident set size summed over them, checked when
 * {@link #limitReached} is polled: over {@code mem}, it reports {@code MEMORY_LIMIT} (and the
 * agent's {@link LimitMonitor} kills the container). CPU time is measured, not limited. The only
 * rlimit set is {@code ulimit -c 0}: address-space and data limits would break JVMs, which reserve
 * far more than they use.
 *
 * <p>Weaker than cgroups: a process that clears its environment and double-forks escapes, and a
 * burst of allocation between two polls is not stopped.
 */
public final class PosixIsolator implements Isolator {
  public static final String NAME = "posix";
  /** The environment variable that marks a container's processes. */
  public static final String MARKER = "MESETA_CONTAINER_ID";
  private static final Logger LOG = LoggerFactory.getLogger(PosixIsolator.class);
  private static final int KILL_ROUNDS = 20;
  private static final Duration ROUND_WAIT = Duration.ofMillis(250);

  private record State(long memoryLimitBytes, AtomicReference<LimitEvent> reached) {}

  private final Map<String, State> containers = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public IsolationPlan prepare(IsolationRequest request) {
    containers.put(request.containerId(), new State(request.memoryBytes(), new AtomicReference<>()));
    return new IsolationPlan(List.of("ulimit -c 0"), List.of(),
        Map.of(MARKER, request.containerId()));
  }

  @Override
  public Optional<ContainerUsage> usage(String containerId) {
    State state = containers.get(containerId);
    if (state == null) {
      return Optional.empty();
    }
    ProcessScan scan = ProcessScan.take(MARKER);
    SortedSet<Long> pids = scan.members(containerId);
    OptionalLong limit = state.memoryLimitBytes() > 0 ? OptionalLong.of(state.memoryLimitBytes()) : OptionalLong.empty();
    return Optional.of(new ContainerUsage(scan.cpuTime(pids), ProcessScan.residentBytes(pids), limit, pids.size()));
  }

  @Override
  public Optional<LimitEvent> limitReached(String containerId) {
    State state = containers.get(containerId);
    if (state == null) {
      return Optional.empty();
    }
    if (state.reached().get() != null || state.memoryLimitBytes() == 0) {
      return Optional.ofNullable(state.reached().get());
    }
    long rss = ProcessScan.residentBytes(ProcessScan.take(MARKER).members(containerId));
    if (rss <= state.memoryLimitBytes()) {
      return Optional.empty();
    }
    LimitEvent event = new LimitEvent(LimitEvent.Kind.MEMORY, state.memoryLimitBytes(), rss,
        "memory limit exceeded: the processes of container " + containerId + " use " + Units.mb(rss)
            + " (resident set size) over their limit of " + Units.mb(state.memoryLimitBytes()));
    state.reached().compareAndSet(null, event);
    return Optional.of(state.reached().get());
  }

  @Override
  public void killAll(String containerId) throws IsolationException {
    SortedSet<Long> left = new TreeSet<>();
    for (int round = 0; round < KILL_ROUNDS; round++) {
      left = ProcessScan.take(MARKER).members(containerId);
      if (left.isEmpty()) {
        return;
      }
      Signals.kill(left);
      Signals.await(() -> ProcessScan.take(MARKER).members(containerId).isEmpty(), ROUND_WAIT);
    }
    left = ProcessScan.take(MARKER).members(containerId);
    if (!left.isEmpty()) {
      throw new IsolationException("processes " + left + " of container " + containerId + " survived SIGKILL "
          + KILL_ROUNDS + " times (the posix isolator cannot freeze a container that keeps forking)");
    }
  }

  @Override
  public Optional<LimitEvent> destroy(String containerId) throws IsolationException {
    Optional<LimitEvent> limit = limitReached(containerId);
    killAll(containerId);
    containers.remove(containerId);
    return limit;
  }

  @Override
  public Set<String> recover(Collection<IsolationRequest> known) throws IsolationException {
    Set<String> keep = new TreeSet<>();
    for (IsolationRequest r : known) {
      keep.add(r.containerId());
      containers.putIfAbsent(r.containerId(), new State(r.memoryBytes(), new AtomicReference<>()));
    }
    Set<String> destroyed = new TreeSet<>();
    for (String id : ProcessScan.take(MARKER).containers()) {
      if (!keep.contains(id)) {
        LOG.info("Killing the processes of container {} left by an earlier agent", id);
        killAll(id);
        destroyed.add(id);
      }
    }
    return destroyed;
  }
}
