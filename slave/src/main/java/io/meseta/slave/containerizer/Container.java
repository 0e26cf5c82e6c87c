package io.meseta.slave.containerizer;

/** A handle on a launched container, as returned by {@link Containerizer#launch}. */
public interface Container {
  /** The id given in the {@link ContainerSpec}. */
  String id();

  /** The pid of the container's main process (for {@link ProcessContainerizer}, also its process group). */
  long pid();

  /** Whether the main process is still running. */
  boolean isAlive();
}
