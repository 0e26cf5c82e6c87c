package io.meseta.slave.containerizer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Runs tasks in containers. The first implementation, {@link ProcessContainerizer}, runs each
 * task as a process in its own session; later ones add isolators (cgroups, namespaces) behind
 * the same interface.
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

  /** Completes when the container's main process has exited. */
  CompletableFuture<ContainerExit> exit(Container container);

  /** Releases the containerizer's own resources; running containers are left alone. */
  @Override
  void close();
}
