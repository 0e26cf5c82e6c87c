package io.meseta.core.allocation;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which framework is offered which agent's free resources.
 *
 * <p>The master tells the allocator facts (agents and frameworks come and go, resources come
 * back) and asks it to {@link #allocate()}; the allocator answers only with allocations. It never
 * reads the master's state and does no I/O. Resources handed out by {@code allocate()} count as
 * allocated to that framework (offered or in use by tasks) until they are recovered. Calls come
 * from one thread (the master's event loop); implementations are not thread-safe.
 */
public interface Allocator {

  /**
   * An agent joins with its total resources and what frameworks already hold on it (tasks that
   * survived a re-registration; empty for a new agent).
   *
   * @throws IllegalArgumentException if the agent is already known, or {@code used} does not fit in {@code total}
   */
  void addAgent(AgentId agent, AgentProfile profile, Resources total, Map<FrameworkId, Resources> used);

  /** The agent is gone; everything on it is forgotten. Unknown agents are ignored. */
  void removeAgent(AgentId agent);

  /**
   * A framework joins a role. It starts active (receives offers) and not suppressed.
   *
   * @throws IllegalArgumentException if the framework is already known
   */
  void addFramework(FrameworkId framework, String role);

  /** The framework is gone; its allocations return to the pool. Unknown frameworks are ignored. */
  void removeFramework(FrameworkId framework);

  /** An inactive framework (disconnected) keeps its allocations but gets no offers. */
  void deactivateFramework(FrameworkId framework);

  void activateFramework(FrameworkId framework);

  /**
   * Resources allocated to {@code framework} on {@code agent} come back (an offer declined or
   * rescinded, the unused part of an accepted offer, a finished task). With {@code refuseFor},
   * the framework is not offered that agent's resources again for that long, unless the agent
   * then has more to offer than was refused; see {@link #revive}.
   *
   * @throws IllegalArgumentException if more is recovered than the framework holds there
   */
  void recoverResources(FrameworkId framework, AgentId agent, Resources resources, Optional<Duration> refuseFor);

  /** The framework wants no offers until it revives. */
  void suppress(FrameworkId framework);

  /** The framework wants offers again: clears suppression and every decline filter it set. */
  void revive(FrameworkId framework);

  /**
   * The framework's locality wishes (replacing earlier ones) and, if given, its own delay
   * scheduling waits. An agent's free resources then go, among the frameworks in fairness order,
   * to the first that wants that host; a framework passed over because the agent is not local to
   * it waits at most its node wait before it takes rack-local offers, and its rack wait more
   * before it takes any. Frameworks without wishes take any agent at once.
   */
  void setLocality(FrameworkId framework, LocalityWants wants, Optional<LocalityWaits> waits);

  /** {@code tasks} tasks of the framework were launched on the agent: counts them off its wishes. */
  void launched(FrameworkId framework, AgentId agent, int tasks);

  /**
   * Hands out free resources: for each agent in a deterministic order, its free resources go to
   * the framework first in the fairness order that wants offers and is not filtered there.
   * Returns one allocation per (framework, agent) pair that received anything, in the order made.
   */
  List<Allocation> allocate();

  /** What the framework holds (offered and in use) over all agents. */
  Resources allocated(FrameworkId framework);

  /** The framework's dominant share of the cluster's total resources. */
  double dominantShare(FrameworkId framework);

  /** The sum of every known agent's total. */
  Resources clusterTotal();
}
