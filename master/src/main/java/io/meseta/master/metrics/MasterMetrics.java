package io.meseta.master.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.meseta.core.task.TaskState;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

/** The master's metrics, named {@code master.*} in one Dropwizard registry. */
public final class MasterMetrics {
  private final MetricRegistry registry;
  public final Counter offersSent;
  public final Counter offersDeclined;
  public final Counter offersAccepted;
  public final Counter offersRescinded;
  public final Counter agentsRegistered;
  public final Counter agentsLost;
  public final Counter frameworksRemoved;
  public final Counter callsRejected;
  public final Timer allocationCycle;
  private final Map<TaskState, Counter> tasks = new EnumMap<>(TaskState.class);

  public MasterMetrics(MetricRegistry registry) {
    this.registry = registry;
    offersSent = registry.counter("master.offers.sent");
    offersDeclined = registry.counter("master.offers.declined");
    offersAccepted = registry.counter("master.offers.accepted");
    offersRescinded = registry.counter("master.offers.rescinded");
    agentsRegistered = registry.counter("master.agents.registered");
    agentsLost = registry.counter("master.agents.lost");
    frameworksRemoved = registry.counter("master.frameworks.removed");
    callsRejected = registry.counter("master.calls.rejected");
    allocationCycle = registry.timer("master.allocation.cycle");
    for (TaskState s : TaskState.values()) {
      tasks.put(s, registry.counter("master.tasks." + s.name().toLowerCase(java.util.Locale.ROOT)));
    }
  }

  public MetricRegistry registry() {
    return registry;
  }

  /** Counts a task entering {@code state}. */
  public void taskEntered(TaskState state) {
    tasks.get(state).inc();
  }

  /** Gauges read from the loop's published counts. */
  public void gauges(IntSupplier activeAgents, IntSupplier activeFrameworks, IntSupplier outstandingOffers) {
    registry.gauge("master.agents.active", () -> (Gauge<Integer>) activeAgents::getAsInt);
    registry.gauge("master.frameworks.active", () -> (Gauge<Integer>) activeFrameworks::getAsInt);
    registry.gauge("master.offers.outstanding", () -> (Gauge<Integer>) outstandingOffers::getAsInt);
  }

  /** Timer for one RPC method. */
  public Timer rpc(String method) {
    return registry.timer("master.rpc." + method);
  }
}
