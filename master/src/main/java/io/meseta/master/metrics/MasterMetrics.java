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
  public final Counter callsNotLeader;
  public final Timer allocationCycle;
  /** Time to make one loop turn's registry writes durable. */
  public final Timer registryWrite;
  /** Time to load the registry when a term begins. */
  public final Timer registryLoad;
  public final Counter termsBegun;
  public final Counter recoveredAgents;
  public final Counter recoveredFrameworks;
  public final Counter recoveredTasks;
  public final Counter recoveredAgentsReregistered;
  public final Counter recoveredAgentsExpired;
  public final Counter recoveredFrameworksReregistered;
  /** Usage samples of running tasks received with agents' heartbeats. */
  public final Counter usageReports;
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
    callsNotLeader = registry.counter("master.calls.not_leader");
    allocationCycle = registry.timer("master.allocation.cycle");
    registryWrite = registry.timer("master.registry.write");
    registryLoad = registry.timer("master.registry.load");
    termsBegun = registry.counter("master.elections.won");
    recoveredAgents = registry.counter("master.recovery.agents");
    recoveredFrameworks = registry.counter("master.recovery.frameworks");
    recoveredTasks = registry.counter("master.recovery.tasks");
    recoveredAgentsReregistered = registry.counter("master.recovery.agents.reregistered");
    recoveredAgentsExpired = registry.counter("master.recovery.agents.expired");
    recoveredFrameworksReregistered = registry.counter("master.recovery.frameworks.reregistered");
    usageReports = registry.counter("master.usage.reports");
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

  /** {@code master.elected}: 1 while this master leads (and may offer), else 0. */
  public void elected(java.util.function.BooleanSupplier leading) {
    registry.gauge("master.elected", () -> (Gauge<Integer>) () -> leading.getAsBoolean() ? 1 : 0);
  }

  /** Timer for one RPC method. */
  public Timer rpc(String method) {
    return registry.timer("master.rpc." + method);
  }
}
