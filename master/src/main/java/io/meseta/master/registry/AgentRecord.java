package io.meseta.master.registry;

import io.meseta.core.ids.AgentId;
import io.meseta.core.resources.Resources;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/** The master's view of one registered agent. Owned by the master's event loop. */
public final class AgentRecord {
  private final AgentId id;
  private final Resources total;
  private final SortedMap<String, String> attributes;
  private final long registeredAtMillis;
  private final SortedMap<TaskKey, TaskRecord> tasks = new TreeMap<>();
  private String hostname;
  private int port;
  private long lastHeartbeatMillis;
  private OptionalInt httpPort = OptionalInt.empty();
  /** Set for an agent recovered from the registry until it re-registers: the deadline to do so. */
  private long reregisterDeadlineMillis = -1;

  public AgentRecord(AgentId id, String hostname, int port, Resources total,
      SortedMap<String, String> attributes, long nowMillis) {
    this.id = id;
    this.hostname = hostname;
    this.port = port;
    this.total = total;
    this.attributes = new TreeMap<>(attributes);
    this.registeredAtMillis = nowMillis;
    this.lastHeartbeatMillis = nowMillis;
  }

  public AgentId id() {
    return id;
  }

  public String hostname() {
    return hostname;
  }

  public int port() {
    return port;
  }

  /** The agent's HTTP port on its hostname, as it said when it last registered; empty: none. */
  public OptionalInt httpPort() {
    return httpPort;
  }

  public void httpPort(OptionalInt port) {
    httpPort = port;
  }

  public Resources total() {
    return total;
  }

  public SortedMap<String, String> attributes() {
    return java.util.Collections.unmodifiableSortedMap(attributes);
  }

  public long registeredAtMillis() {
    return registeredAtMillis;
  }

  public long lastHeartbeatMillis() {
    return lastHeartbeatMillis;
  }

  public void heartbeat(long nowMillis) {
    lastHeartbeatMillis = nowMillis;
  }

  /**
   * Marks an agent recovered from the registry: it is not offered, and its heartbeats are refused,
   * until it re-registers with its tasks before {@code deadlineMillis}.
   */
  public void awaitReregistration(long deadlineMillis) {
    reregisterDeadlineMillis = deadlineMillis;
  }

  /** The agent re-registered after recovery. */
  public void reregistered(long nowMillis) {
    reregisterDeadlineMillis = -1;
    lastHeartbeatMillis = nowMillis;
  }

  /** True for an agent recovered from the registry that has not re-registered yet. */
  public boolean awaitingReregistration() {
    return reregisterDeadlineMillis >= 0;
  }

  public long reregisterDeadlineMillis() {
    return reregisterDeadlineMillis;
  }

  public void moved(String newHostname, int newPort) {
    hostname = newHostname;
    port = newPort;
  }

  /** Tasks on this agent that have not reached a terminal state. */
  public SortedMap<TaskKey, TaskRecord> tasks() {
    return tasks;
  }

  /** What the agent's live tasks hold. */
  public Resources used() {
    Resources sum = Resources.EMPTY;
    for (TaskRecord t : tasks.values()) {
      sum = sum.plus(t.spec().resources());
    }
    return sum;
  }
}
