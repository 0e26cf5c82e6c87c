package io.meseta.master.registry;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.master.events.EventQueue;
import java.util.SortedMap;
import java.util.TreeMap;

/** The master's view of one registered framework. Owned by the master's event loop. */
public final class FrameworkRecord {
  private final FrameworkId id;
  private final EventQueue events;
  private final SortedMap<TaskId, TaskRecord> tasks = new TreeMap<>();
  private FrameworkDescriptor descriptor;
  private boolean active = true;
  private boolean recovered;
  private boolean suppressed;
  private long failoverDeadlineMillis = -1;
  private final long registeredAtMillis;

  public FrameworkRecord(FrameworkId id, FrameworkDescriptor descriptor, EventQueue events, long nowMillis) {
    this.id = id;
    this.descriptor = descriptor;
    this.events = events;
    this.registeredAtMillis = nowMillis;
  }

  public FrameworkId id() {
    return id;
  }

  public FrameworkDescriptor descriptor() {
    return descriptor;
  }

  public void redescribe(FrameworkDescriptor d) {
    descriptor = d;
  }

  public EventQueue events() {
    return events;
  }

  /** Tasks of this framework that have not reached a terminal state. */
  public SortedMap<TaskId, TaskRecord> tasks() {
    return tasks;
  }

  public boolean active() {
    return active;
  }

  public boolean suppressed() {
    return suppressed;
  }

  public void suppressed(boolean value) {
    suppressed = value;
  }

  public long registeredAtMillis() {
    return registeredAtMillis;
  }

  public void connected() {
    active = true;
    recovered = false;
    failoverDeadlineMillis = -1;
  }

  /** Found silent: its failover timeout starts now. */
  public void disconnected(long nowMillis) {
    active = false;
    failoverDeadlineMillis = nowMillis + descriptor.failoverTimeout().toMillis();
  }

  /**
   * Recovered from the registry by a new leader: disconnected until it re-registers, and removed
   * (its tasks killed) if it has not by {@code deadlineMillis}.
   */
  public void recovered(long deadlineMillis) {
    active = false;
    recovered = true;
    failoverDeadlineMillis = deadlineMillis;
  }

  /** True for a framework recovered from the registry that has not re-registered yet. */
  public boolean awaitingReregistration() {
    return recovered;
  }

  /** When a disconnected framework is removed, or -1 while it is connected. */
  public long failoverDeadlineMillis() {
    return failoverDeadlineMillis;
  }
}
