package io.meseta.master.registry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a framework says about itself when it registers. */
public record FrameworkDescriptor(
    String name, String user, String role, Duration failoverTimeout, List<String> capabilities, String hostname) {

  private static final Pattern ROLE = Pattern.compile("\\*|[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}");

  /** @throws IllegalArgumentException naming the bad field */
  public FrameworkDescriptor {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("framework name must not be empty");
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("framework user must not be empty");
    }
    role = role == null || role.isEmpty() ? "*" : role;
    if (!ROLE.matcher(role).matches()) {
      throw new IllegalArgumentException("role '" + role
          + "' is invalid: use '*' or 1-64 characters from [a-zA-Z0-9._-]");
    }
    Objects.requireNonNull(failoverTimeout, "failoverTimeout");
    if (failoverTimeout.isNegative()) {
      throw new IllegalArgumentException("failover timeout must not be negative");
    }
    capabilities = List.copyOf(capabilities);
    hostname = hostname == null ? "" : hostname;
  }
}
