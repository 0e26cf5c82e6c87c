package io.meseta.slave.containerizer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs tasks in containers. The first implementation, {@link ProcessContainerizer}, runs each
 * task as a process in its own session; later ones add isolators (cgroups, namespaces) behind
 * the same interface.
 *
 * <p>Containers outlive the agent's process. An agent restarted on the same work directory finds
 * them again with {@link #recover} and learns how those that ended meanwhile ended with
 * {@link #recordedExit}.
 */
public interface Containerizer extends AutoCloseable {

  /**
   * Starts the container described by {@code spec} and returns its running handle.
   *
   * @throws ContainerLaunchException naming why the container could not be started
   */
  Container launch(ContainerSpec spec) throws ContainerLaunchException;

  /**
   * Asks the container to stop: a polite signal now, a forced kill after {@code gracePeriod} if
   * it is still running. Returns at once; {@link #exit} tells when it is gone.
   */
  void kill(Container container, Duration gracePeriod);

  /**
   * Completes when the container's main process has exited. For a recovered container whose
   * exit status was not recorded, completes exceptionally with {@link ExitStatusUnknownException}.
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

  /** Releases the containerizer's own resources; running containers are left alone. */
  @Override
  void close();
}
