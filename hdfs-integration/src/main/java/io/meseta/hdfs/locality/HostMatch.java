package io.meseta.hdfs.locality;

import java.util.Objects;
import java.util.Optional;

/**
 * The agent a datanode host maps to, or why none does.
 *
 * @param datanodeHost the host name as the name node reported it
 * @param agentHost the agent's host name as the master knows it, if one matched
 * @param explanation how it matched, or why nothing did (for logs and error messages)
 */
public record HostMatch(String datanodeHost, Optional<String> agentHost, String explanation) {
  public HostMatch {
    Objects.requireNonNull(datanodeHost, "datanodeHost");
    Objects.requireNonNull(agentHost, "agentHost");
    Objects.requireNonNull(explanation, "explanation");
  }

  public boolean matched() {
    return agentHost.isPresent();
  }

  static HostMatch to(String datanodeHost, String agentHost, String how) {
    return new HostMatch(datanodeHost, Optional.of(agentHost), how);
  }

  static HostMatch none(String datanodeHost, String why) {
    return new HostMatch(datanodeHost, Optional.empty(), why);
  }
}
