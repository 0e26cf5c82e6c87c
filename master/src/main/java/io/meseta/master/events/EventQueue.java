package io.meseta.master.events;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.task.TaskStatus;
import io.meseta.core.time.Clock;
import io.meseta.protocol.codec.StatusCodec;
import io.meseta.protocol.thrift.Event;
import io.meseta.protocol.thrift.EventType;
import io.meseta.protocol.thrift.Offer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The events waiting for one framework, numbered from 1. The master's loop appends; the
 * framework's long poll takes them. Asking for events from sequence N drops everything before
 * N, so an event is delivered until the framework shows it has it (at least once while this
 * master lives). Also records when the framework last polled, to tell when it went away.
 *
 * <p>This is the boundary where events leave the master, so it speaks the wire types.
 * Thread-safe: a monitor guards it, because the loop thread and RPC threads share it.
 */
public final class EventQueue {
  private final Clock clock;
  private final Outbox outbox;
  private final Deque<Event> events = new ArrayDeque<>();
  private long nextSequence = 1;
  private int pollers;
  private long lastPollMillis;
  private boolean closed;

  public EventQueue(Clock clock) {
    this(clock, Outbox.IMMEDIATE);
  }

  /** @param outbox events are appended when the outbox lets them out (after the registry writes they follow) */
  public EventQueue(Clock clock, Outbox outbox) {
    this.clock = clock;
    this.outbox = outbox;
    this.lastPollMillis = clock.millis();
  }

  public void offers(List<Offer> offers) {
    push(new Event().setType(EventType.OFFERS).setOffers(offers));
  }

  public void rescind(OfferId offerId, String why) {
    push(new Event().setType(EventType.RESCIND).setOfferId(offerId.value()).setMessage(why));
  }

  public void update(TaskStatus status) {
    push(new Event().setType(EventType.UPDATE).setStatus(StatusCodec.toWire(status)));
  }

  public void agentLost(AgentId agentId, String why) {
    push(new Event().setType(EventType.AGENT_LOST).setAgentId(agentId.value()).setMessage(why));
  }

  public void error(String message) {
    push(new Event().setType(EventType.ERROR).setMessage(message));
  }

  public void heartbeat() {
    push(new Event().setType(EventType.HEARTBEAT));
  }

  private void push(Event e) {
    outbox.send(() -> append(e));
  }

  private synchronized void append(Event e) {
    if (closed) {
      return;
    }
    e.setSequence(nextSequence++);
    events.addLast(e);
    notifyAll();
  }

  /**
   * Events numbered {@code fromSequence} and later, at most {@code max}, waiting up to
   * {@code maxWaitMillis} for the first one. Returns empty when the wait ends without events or
   * the queue is closed.
   */
  public List<Event> poll(long fromSequence, long maxWaitMillis, int max) throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitMillis * 1_000_000L;
    synchronized (this) {
      pollers++;
      try {
        while (!events.isEmpty() && events.peekFirst().getSequence() < fromSequence) {
          events.removeFirst();
        }
        long left;
        while (events.isEmpty() && !closed && (left = deadline - System.nanoTime()) > 0) {
          wait(Math.max(1, left / 1_000_000L));
        }
        List<Event> out = new ArrayList<>(Math.min(max, events.size()));
        for (Event e : events) {
          if (out.size() >= max) {
            break;
          }
          out.add(e.deepCopy());
        }
        return out;
      } finally {
        pollers--;
        lastPollMillis = clock.millis();
      }
    }
  }

  /** True when nobody is polling now and nobody has since {@code silenceMillis}. */
  public synchronized boolean silentFor(long silenceMillis) {
    return pollers == 0 && clock.millis() - lastPollMillis >= silenceMillis;
  }

  /** Events not yet taken. */
  public synchronized int pending() {
    return events.size();
  }

  /**
   * Ends the queue once the events sent before are out: waiting polls return what is left, later
   * events are dropped.
   */
  public void close() {
    outbox.send(this::closeNow);
  }

  /** Ends the queue at once, dropping nothing already appended (the master stops leading). */
  public synchronized void closeNow() {
    closed = true;
    notifyAll();
  }

  /** Counts as a poll now: a framework that just re-registered is not silent. */
  public synchronized void touch() {
    lastPollMillis = clock.millis();
  }

  public synchronized boolean isClosed() {
    return closed;
  }
}
