package io.meseta.master.events;

/**
 * Where the master sends everything a peer can see: events for frameworks and calls to agents.
 * A running master holds them until the registry writes of the same loop turn are durable
 * ({@link HeldOutbox}); a master driven directly by a test sends them at once ({@link #IMMEDIATE}).
 */
@FunctionalInterface
public interface Outbox {
  Outbox IMMEDIATE = Runnable::run;

  void send(Runnable effect);
}
