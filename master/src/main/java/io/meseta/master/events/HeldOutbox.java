package io.meseta.master.events;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds effects in the order they were sent until {@link #release} (the registry writes they
 * depend on are durable) or {@link #discard} (they are not, and the master is no longer leader).
 * Loop thread only.
 */
public final class HeldOutbox implements Outbox {
  private List<Runnable> held = new ArrayList<>();

  @Override
  public void send(Runnable effect) {
    held.add(effect);
  }

  public void release() {
    while (!held.isEmpty()) {
      List<Runnable> now = held;
      held = new ArrayList<>();
      now.forEach(Runnable::run);
    }
  }

  public void discard() {
    held = new ArrayList<>();
  }

  public int size() {
    return held.size();
  }
}
