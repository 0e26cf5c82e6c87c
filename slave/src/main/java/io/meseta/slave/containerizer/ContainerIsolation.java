package io.meseta.slave.containerizer;

import io.meseta.slave.isolation.ContainerUsage;
import io.meseta.slave.isolation.DiskUsageIsolator;
import io.meseta.slave.isolation.IsolationException;
import io.meseta.slave.isolation.IsolationPlan;
import io.meseta.slave.isolation.IsolationRequest;
import io.meseta.slave.isolation.Isolator;
import io.meseta.slave.isolation.IsolatorSet;
import io.meseta.slave.isolation.LimitEvent;
import io.meseta.slave.isolation.LimitMonitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's isolators as the containerizer uses them: prepares and destroys containers, and
 * watches the limits of running ones. Two {@link LimitMonitor}s poll on one thread: the memory
 * limits (and OOM kills) often, the disk quota, whose check walks the sandbox, seldom. A limit
 * seen by a monitor is kept until the container is destroyed, so it is reported even if the
 * isolators cannot say it again then. Failures to kill or destroy are logged, not thrown: the
 * container's process has ended either way, and the task must still be reported.
 */
public final class ContainerIsolation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerIsolation.class);

  private final IsolatorSet isolators;
  private final List<LimitMonitor> monitors = new ArrayList<>();
  private final Map<String, LimitEvent> seen = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;

  private ContainerIsolation(IsolatorSet isolators, Duration limitPoll, Duration diskPoll) {
    this.isolators = Objects.requireNonNull(isolators, "isolators");
    List<Isolator> memory = new ArrayList<>();
    List<Isolator> disk = new ArrayList<>();
    for (Isolator i : isolators.isolators()) {
      (i.name().equals(DiskUsageIsolator.NAME) ? disk : memory).add(i);
    }
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "container-limits");
      t.setDaemon(true);
      return t;
    });
    if (!memory.isEmpty()) {
      LimitMonitor m = new LimitMonitor(IsolatorSet.of(memory), isolators, this::limitReached);
      m.start(poller, limitPoll);
      monitors.add(m);
    }
    if (!disk.isEmpty()) {
      LimitMonitor m = new LimitMonitor(IsolatorSet.of(disk), isolators, this::limitReached);
      m.start(poller, diskPoll);
      monitors.add(m);
    }
  }

  /**
   * Isolates with {@code isolators}, checking memory limits every {@code limitPoll} and disk
   * quotas every {@code diskPoll}. Closing it closes the isolators.
   */
  public static ContainerIsolation start(IsolatorSet isolators, Duration limitPoll, Duration diskPoll) {
    return new ContainerIsolation(isolators, limitPoll, diskPoll);
  }

  /** No isolation: containers are plain process groups. */
  public static ContainerIsolation none() {
    return start(IsolatorSet.of(List.of()), Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  public IsolatorSet isolators() {
    return isolators;
  }

  private void limitReached(String id, LimitEvent event) {
    seen.putIfAbsent(id, event);
  }

  IsolationPlan prepare(IsolationRequest request) throws IsolationException {
    return isolators.prepare(request);
  }

  /** Starts watching the limits of a running container. */
  void watch(String id) {
    monitors.forEach(m -> m.watch(id));
  }

  /** Kills every process of the container; a failure is logged. */
  void killAll(String id) {
    try {
      isolators.killAll(id);
    } catch (IsolationException e) {
      LOG.error("Cannot kill every process of container {}: {}", id, e.getMessage());
    }
  }

  /** Stops watching the container and destroys it; returns the limit it reached, if any. */
  Optional<LimitEvent> destroy(String id) {
    monitors.forEach(m -> m.unwatch(id));
    Optional<LimitEvent> limit = Optional.empty();
    try {
      limit = isolators.destroy(id);
    } catch (IsolationException e) {
      LOG.error("Cannot destroy container {}: {}", id, e.getMessage());
    }
    LimitEvent polled = seen.remove(id);
    return limit.or(() -> Optional.ofNullable(polled));
  }

  Optional<ContainerUsage> usage(String id) {
    return isolators.usage(id);
  }

  /** Keeps {@code known} and destroys every other container left by an earlier agent; logs what it did. */
  void recover(Collection<IsolationRequest> known) {
    try {
      Set<String> destroyed = isolators.recover(known);
      if (!destroyed.isEmpty()) {
        LOG.info("Destroyed {} container(s) an earlier agent left and no task accounts for: {}", destroyed.size(),
            destroyed);
      }
    } catch (IsolationException e) {
      LOG.error("Could not destroy every container an earlier agent left: {}", e.getMessage());
    }
  }

  /** Stops watching limits and releases what the isolators hold for the agent; containers are left alone. */
  @Override
  public void close() {
    monitors.forEach(LimitMonitor::close);
    poller.shutdownNow();
    isolators.close();
  }
}
