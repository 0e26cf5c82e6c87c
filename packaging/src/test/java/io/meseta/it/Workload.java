package io.meseta.it;

import io.meseta.client.FrameworkClient;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.ReconcileTask;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test framework: launches {@code total} copies of a shell command, at most
 * {@code perOffer} per offer, and records everything the master tells it. With
 * {@code holdOffers} it keeps offers it cannot use instead of declining them (to see rescinds).
 */
final class Workload implements Scheduler {
  final List<TaskStatus> updates = Collections.synchronizedList(new ArrayList<>());
  final List<Offer> offers = Collections.synchronizedList(new ArrayList<>());
  final List<String> rescinded = Collections.synchronizedList(new ArrayList<>());
  final List<String> lostAgents = Collections.synchronizedList(new ArrayList<>());
  final Map<String, String> taskAgents = new ConcurrentHashMap<>();
  private final String prefix;
  private final int total;
  private final Resources perTask;
  private final String shell;
  private final int perOffer;
  private final boolean holdOffers;
  private int launched;

  Workload(String prefix, int total, Resources perTask, String shell, int perOffer, boolean holdOffers) {
    this.prefix = prefix;
    this.total = total;
    this.perTask = perTask;
    this.shell = shell;
    this.perOffer = perOffer;
    this.holdOffers = holdOffers;
  }

  @Override
  public void resourceOffers(FrameworkClient client, List<Offer> received) {
    offers.addAll(received);
    for (Offer offer : received) {
      Resources free = ResourceCodec.fromWire(offer.getResources());
      List<TaskInfo> tasks = new ArrayList<>();
      while (launched < total && tasks.size() < perOffer && free.contains(perTask)) {
        String id = prefix + "-" + (++launched);
        tasks.add(new TaskInfo(id, id, offer.getAgentId(), ResourceCodec.toWire(perTask),
            new CommandInfo().setShell(shell)));
        taskAgents.put(id, offer.getAgentId());
        free = free.minus(perTask);
      }
      if (!tasks.isEmpty()) {
        client.accept(List.of(offer.getOfferId()), tasks, new Filters().setRefuseSeconds(0));
      } else if (!holdOffers) {
        client.decline(List.of(offer.getOfferId()), new Filters().setRefuseSeconds(launched < total ? 0.05 : 60));
      }
    }
  }

  /**
   * For clients without implicit acknowledgements: acknowledges every update except those in
   * these states (null: the client acknowledges implicitly, do nothing).
   */
  volatile java.util.Set<TaskState> leaveUnacknowledged;

  @Override
  public void statusUpdate(FrameworkClient client, TaskStatus status) {
    updates.add(status);
    java.util.Set<TaskState> leave = leaveUnacknowledged;
    if (leave != null && status.isSetUpdateId() && !leave.contains(status.getState())) {
      client.acknowledge(status);
    }
  }

  /**
   * After a failover, asks about every task not seen to end: a launch that was cut off by the
   * failover is then reported (LOST if the new master never heard of it), as Mesos frameworks do.
   */
  @Override
  public void reregistered(FrameworkClient client, String masterId) {
    java.util.Set<String> ended = new java.util.HashSet<>();
    synchronized (updates) {
      for (TaskStatus u : updates) {
        if (TERMINAL.contains(u.getState())) {
          ended.add(u.getTaskId());
        }
      }
    }
    List<ReconcileTask> ask = new ArrayList<>();
    taskAgents.forEach((task, agent) -> {
      if (!ended.contains(task)) {
        ask.add(new ReconcileTask(task).setAgentId(agent));
      }
    });
    if (!ask.isEmpty()) {
      client.reconcile(ask);
    }
  }

  private static final java.util.Set<TaskState> TERMINAL = java.util.EnumSet.of(TaskState.FINISHED,
      TaskState.FAILED, TaskState.KILLED, TaskState.LOST, TaskState.ERROR);

  @Override
  public void offerRescinded(FrameworkClient client, String offerId) {
    rescinded.add(offerId);
  }

  @Override
  public void agentLost(FrameworkClient client, String agentId) {
    lostAgents.add(agentId);
  }

  long count(TaskState state) {
    synchronized (updates) {
      return updates.stream().filter(u -> u.getState() == state).count();
    }
  }

  long distinctTasksIn(TaskState state) {
    synchronized (updates) {
      return updates.stream().filter(u -> u.getState() == state).map(TaskStatus::getTaskId).distinct().count();
    }
  }
}
