package io.meseta.it;

import io.meseta.client.FrameworkClient;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A framework that records every offer and declines it (for a short while), except that a task
 * queued with {@link #launch} goes on the next offer.
 */
final class OfferProbe implements Scheduler {
  final List<Offer> offers = Collections.synchronizedList(new ArrayList<>());
  final List<TaskStatus> updates = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedQueue<CommandInfo> queued = new ConcurrentLinkedQueue<>();
  private int launched;

  @Override
  public synchronized void resourceOffers(FrameworkClient client, List<Offer> received) {
    offers.addAll(received);
    for (Offer offer : received) {
      CommandInfo command = queued.poll();
      if (command == null) {
        client.decline(List.of(offer.getOfferId()), new Filters().setRefuseSeconds(0.1));
        continue;
      }
      String id = "probe-" + (++launched);
      client.accept(List.of(offer.getOfferId()), List.of(new TaskInfo(id, id, offer.getAgentId(),
          ResourceCodec.toWire(Resources.cpusMem(0.1, 32)), command)),
          new Filters().setRefuseSeconds(0.1));
    }
  }

  @Override
  public void statusUpdate(FrameworkClient client, TaskStatus status) {
    updates.add(status);
  }

  /** Runs {@code shell} as a task on the next offer. */
  void launch(String shell) {
    launch(new CommandInfo().setShell(shell));
  }

  /** Runs {@code command} as a task on the next offer; tasks are named probe-1, probe-2, ... */
  void launch(CommandInfo command) {
    queued.add(command);
  }

  /** The last update of task {@code id}, if any. */
  java.util.Optional<TaskStatus> latest(String id) {
    synchronized (updates) {
      return updates.stream().filter(u -> u.getTaskId().equals(id)).reduce((a, b) -> b);
    }
  }

  long count(TaskState state) {
    synchronized (updates) {
      return updates.stream().filter(u -> u.getState() == state).count();
    }
  }
}
