package io.meseta.slave.containerizer;

import java.util.Optional;

/** A handle on a launched or recovered container, as returned by {@link Containerizer}. */
public interface Container {
  /** The id given in the {@link ContainerSpec}. */
  String id();

  /** The pid of the container's main process (for {@link ProcessContainerizer}, also its process group). */
  long pid();

  /**
   * The main process with its start time, as an agent restarted later needs it to find the
   * container again ({@link Containerizer#recover}); empty if the process ended before it could
   * be read.
   */
  Optional<ProcessIdentity> identity();

  /** Whether the main process is still running. */
  boolean isAlive();
}
