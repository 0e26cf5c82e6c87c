package io.meseta.it;

import io.meseta.client.FrameworkClient;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A framework with no locality wishes and an endless stream of short tasks: it fills every offer
 * it gets, until {@link #stop()}.
 */
final class TaskStream implements Scheduler {
  final TaskTimes times = new TaskTimes();
  private final String prefix;
  private final String shell;
  private final Resources perTask;
  private volatile boolean stopped;
  private int launched;

  TaskStream(String prefix, String shell, Resources perTask) {
    this.prefix = prefix;
    this.shell = shell;
    this.perTask = perTask;
  }

  @Override
  public synchronized void resourceOffers(FrameworkClient client, List<Offer> offers) {
    for (Offer offer : offers) {
      Resources free = ResourceCodec.fromWire(offer.getResources());
      List<TaskInfo> tasks = new ArrayList<>();
      while (!stopped && free.contains(perTask)) {
        String id = prefix + "-" + (++launched);
        tasks.add(new TaskInfo(id, id, offer.getAgentId(), ResourceCodec.toWire(perTask),
            new CommandInfo().setShell(shell)));
        times.launched(id);
        free = free.minus(perTask);
      }
      if (tasks.isEmpty()) {
        client.decline(List.of(offer.getOfferId()), new Filters().setRefuseSeconds(stopped ? 60 : 0.05));
      } else {
        client.accept(List.of(offer.getOfferId()), tasks, new Filters().setRefuseSeconds(0));
      }
    }
  }

  @Override
  public void statusUpdate(FrameworkClient client, TaskStatus status) {
    times.update(status);
  }

  /** Launches no more tasks. */
  void stop() {
    stopped = true;
  }
}
