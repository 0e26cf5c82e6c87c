package io.meseta.core.allocation;

import io.meseta.core.resources.Resources;

/**
 * A framework declined {@code refused} on one agent: until {@code expiresAtMillis} it is not
 * offered that agent while the agent's free resources fit in what it refused.
 */
record DeclineFilter(Resources refused, long expiresAtMillis) {
  boolean expired(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }

  boolean filters(Resources free) {
    return refused.contains(free);
  }
}
