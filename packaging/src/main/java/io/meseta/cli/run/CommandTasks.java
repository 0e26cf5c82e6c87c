package io.meseta.cli.run;

import io.meseta.client.FrameworkClient;
import io.meseta.client.MesetaCallException;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A framework that runs N copies of one command and reports each state change, like
 * {@code mesos-execute}: it packs pending tasks into offers as they come, declines what it cannot
 * use, and is done when every task has ended. All callbacks run on the client's callback thread;
 * the counters are read by the caller only after {@link #await} returns.
 */
public final class CommandTasks implements Scheduler {
  private static final Set<TaskState> TERMINAL =
      Set.of(TaskState.FINISHED, TaskState.FAILED, TaskState.KILLED, TaskState.ERROR, TaskState.LOST);

  private final CommandInfo command;
  private final Resources perTask;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final Deque<String> pending = new ArrayDeque<>();
  private final Map<String, TaskState> states = new HashMap<>();
  private final Map<String, String> hosts = new HashMap<>();
  private final Map<TaskState, Integer> ended = new EnumMap<>(TaskState.class);
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile String failure;
  private boolean suppressed;

  public CommandTasks(String name, int instances, CommandInfo command, Resources perTask, PrintStream out) {
    this.command = command;
    this.perTask = perTask;
    this.out = out;
    for (int i = 1; i <= instances; i++) {
      pending.add(name + "-" + i);
    }
  }

  @Override
  public void registered(FrameworkClient client, String frameworkId, String masterId) {
    print("registered as framework " + frameworkId + " with master " + masterId);
  }

  /** After a failover, asks for the state of every launched task not seen to end. */
  @Override
  public void reregistered(FrameworkClient client, String masterId) {
    print("re-registered with master " + masterId + "; reconciling");
    List<io.meseta.protocol.thrift.ReconcileTask> ask = new ArrayList<>();
    hosts.keySet().stream().filter(id -> !TERMINAL.contains(states.get(id))).sorted()
        .forEach(id -> ask.add(new io.meseta.protocol.thrift.ReconcileTask(id)));
    if (!ask.isEmpty()) {
      client.reconcile(ask);
    }
  }

  @Override
  public void resourceOffers(FrameworkClient client, List<Offer> offers) {
    for (Offer offer : offers) {
      Resources free = ResourceCodec.fromWire(offer.getResources());
      List<TaskInfo> launch = new ArrayList<>();
      while (!pending.isEmpty() && free.contains(perTask)) {
        String id = pending.poll();
        launch.add(new TaskInfo(id, id, offer.getAgentId(), ResourceCodec.toWire(perTask), command));
        hosts.put(id, offer.getHostname());
        free = free.minus(perTask);
      }
      try {
        if (launch.isEmpty()) {
          client.decline(List.of(offer.getOfferId()), new Filters().setRefuseSeconds(pending.isEmpty() ? 60 : 1));
        } else {
          client.accept(List.of(offer.getOfferId()), launch, new Filters().setRefuseSeconds(1));
          launch.forEach(t -> states.put(t.getTaskId(), TaskState.STAGING));
        }
      } catch (MesetaCallException e) {
        launch.forEach(t -> pending.addFirst(t.getTaskId()));
        print("offer " + offer.getOfferId() + " could not be used: " + e.getMessage());
      }
    }
    if (pending.isEmpty() && !suppressed) {
      suppressed = true;
      client.suppress();
    }
  }

  @Override
  public void statusUpdate(FrameworkClient client, TaskStatus status) {
    String id = status.getTaskId();
    TaskState previous = states.get(id);
    if (previous == null || TERMINAL.contains(previous)) {
      return; // a repeat of an update already seen, or not one of ours
    }
    states.put(id, status.getState());
    StringBuilder line = new StringBuilder("task " + id + " " + status.getState());
    if (status.getState() == TaskState.RUNNING || status.getState() == TaskState.STARTING) {
      line.append(" on ").append(hosts.getOrDefault(id, status.getAgentId()));
    }
    if (TERMINAL.contains(status.getState())) {
      ended.merge(status.getState(), 1, Integer::sum);
      if (status.isSetExitCode()) {
        line.append(" (exit ").append(status.getExitCode()).append(')');
      }
      if (status.getState() != TaskState.FINISHED && status.getMessage() != null) {
        line.append(": ").append(status.getReason()).append(' ').append(status.getMessage());
      }
    }
    print(line.toString());
    if (pending.isEmpty() && states.values().stream().allMatch(TERMINAL::contains)) {
      done.countDown();
    }
  }

  @Override
  public void agentLost(FrameworkClient client, String agentId) {
    print("agent " + agentId + " was lost");
  }

  @Override
  public void error(FrameworkClient client, String message) {
    if (done.getCount() == 0) {
      return; // every task ended: this is the master confirming our own teardown
    }
    failure = message;
    print("error: " + message);
    done.countDown();
  }

  @Override
  public void disconnected(FrameworkClient client) {
    print("lost the master; reconnecting");
  }

  /** Waits until every task ended (or an error); false on timeout. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How many tasks ended in each terminal state. */
  public Map<TaskState, Integer> ended() {
    return new EnumMap<>(ended);
  }

  /** Whether every task finished successfully. */
  public boolean succeeded(int instances) {
    return failure == null && ended.getOrDefault(TaskState.FINISHED, 0) == instances;
  }

  private void print(String line) {
    out.printf("[%8.3fs] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
    out.flush();
  }
}
