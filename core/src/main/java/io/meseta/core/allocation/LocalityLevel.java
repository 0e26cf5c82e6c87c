package io.meseta.core.allocation;

/** How close an offer is to the data its framework asked to be near. */
public enum LocalityLevel {
  /** The framework wants this agent's host. */
  NODE_LOCAL,
  /** The framework wants another host in this agent's rack (or the rack itself). */
  RACK_LOCAL,
  /** Neither; or the framework stated no preference. */
  ANY
}
