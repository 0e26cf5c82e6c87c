package io.meseta.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The name an agent of a local cluster goes by, which is also the address it binds, and its rack.
 * Agents named {@code 127.0.0.2}, {@code 127.0.0.3}, ... share one machine yet look like separate
 * hosts to the master and to HDFS: on Linux every 127.0.0.0/8 address reaches loopback, so such
 * names need no hosts file, and an {@link EmbeddedHdfs} whose datanodes carry the same names
 * reports them in its block locations.
 *
 * @param name the host name and bind address
 * @param rack the rack, reported as the agent's {@code rack} attribute (e.g. {@code /rack-1})
 */
public record AgentHost(String name, String rack) {
  public AgentHost {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rack, "rack");
    if (!rack.startsWith("/")) {
      throw new IllegalArgumentException("a rack is a path such as /rack-1, got '" + rack + "'");
    }
  }

  /**
   * {@code count} loopback hosts 127.0.0.2 onwards, spread round-robin over {@code racks} racks
   * {@code /rack-1} to {@code /rack-R}.
   */
  public static List<AgentHost> loopback(int count, int racks) {
    if (count < 1 || count > 250) {
      throw new IllegalArgumentException("between 1 and 250 loopback hosts, got " + count);
    }
    if (racks < 1) {
      throw new IllegalArgumentException("at least one rack, got " + racks);
    }
    List<AgentHost> hosts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hosts.add(new AgentHost("127.0.0." + (i + 2), "/rack-" + (i % racks + 1)));
    }
    return List.copyOf(hosts);
  }

  public static List<String> names(List<AgentHost> hosts) {
    return hosts.stream().map(AgentHost::name).toList();
  }

  public static List<String> racks(List<AgentHost> hosts) {
    return hosts.stream().map(AgentHost::rack).toList();
  }
}
