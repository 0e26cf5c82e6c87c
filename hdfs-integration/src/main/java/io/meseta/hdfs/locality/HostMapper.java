package io.meseta.hdfs.locality;

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps datanode host names (from {@link Split#hosts()}) to the host names of the agents the master
 * knows, by one {@link HostNameMode}. Immutable: build a new one when the set of agents changes.
 *
 * <p>Names are compared without case and without a trailing dot, and an agent with exactly the
 * datanode's name matches in every mode. A name that two agents share
 * (two agents {@code host1.a} and {@code host1.b} in {@link HostNameMode#SHORT_NAME} mode, or two
 * agents on one address in {@link HostNameMode#IP} mode) matches neither: the match says so.
 */
public final class HostMapper {
  private static final Logger LOG = LoggerFactory.getLogger(HostMapper.class);

  private final HostNameMode mode;
  private final AddressResolver resolver;
  private final int agentCount;
  /** Agent host by normalized full name. */
  private final Map<String, String> byName = new TreeMap<>();
  /** Agent hosts by the key of the mode (short name or address). */
  private final Map<String, SortedSet<String>> byKey = new TreeMap<>();

  /** A mapper using the system resolver (used only in {@link HostNameMode#IP} mode). */
  public HostMapper(HostNameMode mode, Set<String> agentHosts) {
    this(mode, agentHosts, AddressResolver.system());
  }

  public HostMapper(HostNameMode mode, Set<String> agentHosts, AddressResolver resolver) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.agentCount = agentHosts.size();
    for (String agent : new TreeSet<>(agentHosts)) {
      byName.put(normalize(agent), agent);
      for (String key : keysOfAgent(agent)) {
        byKey.computeIfAbsent(key, k -> new TreeSet<>()).add(agent);
      }
    }
  }

  public HostNameMode mode() {
    return mode;
  }

  /** The agent host {@code datanodeHost} maps to, or empty; {@link #match} says why not. */
  public Optional<String> agentFor(String datanodeHost) {
    return match(datanodeHost).agentHost();
  }

  /** Maps one datanode host, with an explanation either way. */
  public HostMatch match(String datanodeHost) {
    Objects.requireNonNull(datanodeHost, "datanodeHost");
    String name = normalize(datanodeHost);
    String exact = byName.get(name);
    if (exact != null) {
      return HostMatch.to(datanodeHost, exact, "same host name");
    }
    return switch (mode) {
      case FQDN -> HostMatch.none(datanodeHost, "no agent is named '" + datanodeHost + "' (mode fqdn, "
          + agentCount + " agents known)");
      case SHORT_NAME -> byShortName(datanodeHost, name);
      case IP -> byAddress(datanodeHost);
    };
  }

  /** Maps several datanode hosts (a split's), keeping their order; unmatched ones stay in the result. */
  public List<HostMatch> matchAll(Collection<String> datanodeHosts) {
    List<HostMatch> out = new ArrayList<>(datanodeHosts.size());
    for (String h : datanodeHosts) {
      out.add(match(h));
    }
    return out;
  }

  /** The distinct agent hosts {@code datanodeHosts} map to, in their order; unmatched ones are dropped. */
  public List<String> agentsFor(Collection<String> datanodeHosts) {
    List<String> out = new ArrayList<>();
    for (HostMatch m : matchAll(datanodeHosts)) {
      m.agentHost().filter(a -> !out.contains(a)).ifPresent(out::add);
    }
    return out;
  }

  private HostMatch byShortName(String datanodeHost, String name) {
    String shortName = shortName(name);
    SortedSet<String> agents = byKey.getOrDefault(shortName, new TreeSet<>());
    if (agents.size() == 1) {
      return HostMatch.to(datanodeHost, agents.first(), "same short name '" + shortName + "'");
    }
    if (agents.isEmpty()) {
      return HostMatch.none(datanodeHost, "no agent has the short name '" + shortName + "' (mode short, "
          + agentCount + " agents known)");
    }
    return HostMatch.none(datanodeHost, "short name '" + shortName + "' is ambiguous: agents " + agents);
  }

  private HostMatch byAddress(String datanodeHost) {
    List<String> addresses;
    try {
      addresses = resolver.addressesOf(datanodeHost);
    } catch (UnknownHostException e) {
      return HostMatch.none(datanodeHost, "datanode host '" + datanodeHost + "' does not resolve to an address");
    }
    SortedSet<String> agents = new TreeSet<>();
    for (String address : addresses) {
      agents.addAll(byKey.getOrDefault(address, new TreeSet<>()));
    }
    if (agents.size() == 1) {
      return HostMatch.to(datanodeHost, agents.first(), "same address " + addresses);
    }
    if (agents.isEmpty()) {
      return HostMatch.none(datanodeHost, "no agent resolves to an address of '" + datanodeHost + "' "
          + addresses + " (mode ip, " + agentCount + " agents known)");
    }
    return HostMatch.none(datanodeHost, "addresses " + addresses + " of '" + datanodeHost
        + "' are ambiguous: agents " + agents);
  }

  private List<String> keysOfAgent(String agent) {
    return switch (mode) {
      case FQDN -> List.of();
      case SHORT_NAME -> List.of(shortName(normalize(agent)));
      case IP -> addressesOfAgent(agent);
    };
  }

  private List<String> addressesOfAgent(String agent) {
    try {
      return resolver.addressesOf(agent);
    } catch (UnknownHostException e) {
      LOG.warn("Agent host '{}' does not resolve to an address: no datanode will map to it in ip mode", agent);
      return List.of();
    }
  }

  private static String normalize(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** The first label of a host name; an IP address is its own short name. */
  private static String shortName(String normalized) {
    if (normalized.indexOf(':') >= 0 || normalized.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
      return normalized;
    }
    int dot = normalized.indexOf('.');
    return dot < 0 ? normalized : normalized.substring(0, dot);
  }
}
