package io.meseta.slave.containerizer;

import io.meseta.slave.isolation.ContainerUsage;
import io.meseta.slave.isolation.LimitEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs tasks in containers. {@link ProcessContainerizer} runs each task as a process in its own
 * session, isolated by the agent's isolators (cgroups, namespaces, or the posix fallback).
 *
 * <p>Containers outlive the agent's process. An agent restarted on the same work directory finds
 * them again with {@link #recover}, learns how those that ended meanwhile ended with
 * {@link #recordedExit} and {@link #destroy}, and then calls {@link #completeRecovery} once, which
 * destroys every container left that it did not take up again.
 */
public interface Containerizer extends AutoCloseable {

  /**
   * Starts the container described by {@code spec} and returns its running handle.
   *
   * @throws ContainerLaunchException naming why the container could not be started
   */
  Container launch(ContainerSpec spec) throws ContainerLaunchException;

  /**
   * Asks the container to stop: a polite signal now, a forced kill of everything in it (daemons
   * that left its process group included) after {@code gracePeriod}. Returns at once;
   * {@link #exit} tells when it is gone.
   */
  void kill(Container container, Duration gracePeriod);

  /**
   * Completes when the container's main process has exited and the container has been destroyed
   * (what was left of it killed, its isolation removed), with the limit it reached, if any. For a
   * recovered container whose exit status was not recorded and that reached no limit, completes
   * exceptionally with {@link ExitStatusUnknownException}.
   */
  CompletableFuture<ContainerExit> exit(Container container);

  /**
   * Finds a container launched by an earlier agent process, if {@code process} still runs (the
   * same process: same pid and start time, not a zombie).
   */
  Optional<Container> recover(String id, Path sandbox, ProcessIdentity process);

  /**
   * Finds a container launched in {@code sandbox} whose process an earlier agent process did not
   * get to record, if it still runs and is recognisably that container's.
   */
  Optional<Container> recoverFromSandbox(String id, Path sandbox);

  /** How the container that ran in {@code sandbox} ended, if it ended and that was recorded. */
  Optional<ContainerExit> recordedExit(Path sandbox);

  /**
   * Destroys what is left of container {@code id}, whose main process is gone (it ended while the
   * agent was down): kills its remaining processes and removes its isolation. Returns the limit
   * it reached, if any. Does nothing for a container that is not there.
   */
  Optional<LimitEvent> destroy(String id);

  /**
   * Ends recovery: keeps the isolation of the containers in {@code running} (taken up again with
   * {@link #recover}) and watches their limits, and destroys every other container an earlier
   * agent process left. Call once, after recovering every task.
   */
  void completeRecovery(Collection<ContainerSpec> running);

  /** What the container uses now, if its isolators measure it. */
  Optional<ContainerUsage> usage(Container container);

  /** Releases the containerizer's own resources; running containers are left alone. */
  @Override
  void close();
}
