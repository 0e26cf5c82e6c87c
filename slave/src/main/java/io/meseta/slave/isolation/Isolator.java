package io.meseta.slave.isolation;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of isolation, one instance per agent, keyed by container id. The life of a container:
 *
 * <ol>
 *   <li>{@link #prepare} before its process starts: sets up what the kernel needs (a cgroup) and
 *       returns how the process must be started;</li>
 *   <li>while it runs, {@link #usage} and {@link #limitReached} are polled (from any thread);
 *       {@link #killAll} kills every process it has, daemons included;</li>
 *   <li>{@link #destroy} once its main process has ended, or to get rid of it: kills what is left,
 *       removes what {@code prepare} set up, and says whether a limit was reached.</li>
 * </ol>
 *
 * <p>After an agent restart, {@link #recover} tells the isolator which containers the agent still
 * knows and destroys every other container an earlier agent left. All methods are safe to call
 * from several threads for different containers.
 */
public interface Isolator {

  /** The name this isolator is chosen by: {@code cgroups}, {@code posix}, ... */
  String name();

  /**
   * Sets up isolation for a container about to start.
   *
   * @throws IsolationException naming the container and what could not be set up; nothing is left
   *                            behind
   */
  IsolationPlan prepare(IsolationRequest request) throws IsolationException;

  /** What the container uses now; empty if this isolator does not measure it or does not know it. */
  Optional<ContainerUsage> usage(String containerId);

  /**
   * The limit the container reached, if it reached one. Once reported, the event keeps being
   * reported until the container is destroyed.
   */
  Optional<LimitEvent> limitReached(String containerId);

  /** Sends SIGKILL to every process of the container and returns when they are gone. */
  void killAll(String containerId) throws IsolationException;

  /**
   * Kills what is left of the container and removes its isolation. Returns the limit it reached
   * during its life, if any, as {@link #limitReached} would have. Destroying an unknown or already
   * destroyed container does nothing and returns empty.
   *
   * @throws IsolationException if processes survived or the isolation could not be removed
   */
  Optional<LimitEvent> destroy(String containerId) throws IsolationException;

  /**
   * After an agent restart: takes up the containers in {@code known} again and destroys every other
   * container an earlier agent left (with this isolator's configuration).
   *
   * @return what was destroyed, for the log (container ids or group names)
   */
  Set<String> recover(Collection<IsolationRequest> known) throws IsolationException;
}
