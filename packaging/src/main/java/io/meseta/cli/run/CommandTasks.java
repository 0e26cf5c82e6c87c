package io.meseta.cli.run;

import io.meseta.hdfs.locality.SplitWishes;
import io.meseta.client.FrameworkClient;
import io.meseta.client.MesetaCallException;
import io.meseta.client.Scheduler;
import io.meseta.core.allocation.AgentProfile;
import io.meseta.core.allocation.LocalityLevel;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A framework that runs a list of command tasks and reports each state change, like
 * {@code mesos-execute}: N copies of one command, or one task per input split with the split in
 * its environment ({@link PendingTask#environment()}). It packs pending tasks into offers as they
 * come (for splits: those whose data is on the offer's host first, then its rack, then anywhere as
 * the offer's locality level allows, see {@link TaskQueue}), declines what it cannot use, and is
 * done when every task has ended. With {@link LocalityOptions#stateWishes()} it tells the master
 * where the pending tasks' data is, and states that again whenever it changes (after launches, and
 * after a failover: the master does not keep wishes). All callbacks run on the client's callback
 * thread; the counters are read by the caller only after {@link #await} returns.
 */
public final class CommandTasks implements Scheduler {
  private static final Set<TaskState> TERMINAL =
      Set.of(TaskState.FINISHED, TaskState.FAILED, TaskState.KILLED, TaskState.ERROR, TaskState.LOST);

  private final CommandInfo command;
  private final Resources perTask;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final int total;
  private final TaskQueue pending;
  private final LocalityOptions locality;
  private final LocalityTally tally = new LocalityTally();
  private final Map<String, TaskState> states = new HashMap<>();
  private final Map<String, String> hosts = new HashMap<>();
  private final Map<TaskState, Integer> ended = new EnumMap<>(TaskState.class);
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile String failure;
  private boolean suppressed;
  /** When wishes were first stated (System.nanoTime), 0 before. */
  private long wishesSince;
  /** The wishes the master has from us; null when they must be stated (again). */
  private SplitWishes stated;

  /** N copies of {@code command}, {@code name-1} to {@code name-N}, without locality wishes. */
  public CommandTasks(String name, int instances, CommandInfo command, Resources perTask, PrintStream out) {
    this(PendingTask.numbered(name, instances), command, perTask, LocalityOptions.NONE, out);
  }

  /** The given tasks, each running {@code command} with its own split environment added. */
  public CommandTasks(List<PendingTask> tasks, CommandInfo command, Resources perTask, LocalityOptions locality,
      PrintStream out) {
    this.command = command;
    this.perTask = perTask;
    this.out = out;
    this.total = tasks.size();
    this.pending = new TaskQueue(tasks);
    this.locality = locality;
  }

  @Override
  public void registered(FrameworkClient client, String frameworkId, String masterId) {
    print("registered as framework " + frameworkId + " with master " + masterId);
    stateWishes(client);
  }

  /** After a failover, states the wishes again and asks for the state of every launched task not seen to end. */
  @Override
  public void reregistered(FrameworkClient client, String masterId) {
    print("re-registered with master " + masterId + "; reconciling");
    stated = null;
    stateWishes(client);
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
      String rack = offer.isSetRack() ? offer.getRack() : AgentProfile.DEFAULT_RACK;
      LocalityLevel level = wishesSince == 0 ? levelOf(offer)
          : locality.cap(levelOf(offer), Duration.ofNanos(System.nanoTime() - wishesSince));
      List<PendingTask> chosen = pending.take(offer.getHostname(), rack, level, fits(free));
      List<TaskInfo> launch = new ArrayList<>();
      for (PendingTask t : chosen) {
        launch.add(new TaskInfo(t.id(), t.id(), offer.getAgentId(), ResourceCodec.toWire(perTask), commandFor(t)));
      }
      try {
        if (launch.isEmpty()) {
          client.decline(List.of(offer.getOfferId()), new Filters().setRefuseSeconds(pending.isEmpty() ? 60 : 1));
        } else {
          client.accept(List.of(offer.getOfferId()), launch, new Filters().setRefuseSeconds(1));
          for (PendingTask t : chosen) {
            states.put(t.id(), TaskState.STAGING);
            hosts.put(t.id(), offer.getHostname());
            tally.launched(t, offer.getHostname(), rack);
          }
        }
      } catch (MesetaCallException e) {
        pending.putBack(chosen);
        print("offer " + offer.getOfferId() + " could not be used: " + e.getMessage());
      }
    }
    if (pending.isEmpty() && !suppressed) {
      suppressed = true;
      client.suppress();
    } else if (!pending.isEmpty()) {
      stateWishes(client);
    }
  }

  private static LocalityLevel levelOf(Offer offer) {
    return offer.isSetLocality() ? LocalityLevel.valueOf(offer.getLocality().name()) : LocalityLevel.ANY;
  }

  /** How many tasks fit in {@code free}. */
  private int fits(Resources free) {
    int n = 0;
    while (free.contains(perTask)) {
      free = free.minus(perTask);
      n++;
    }
    return n;
  }

  private CommandInfo commandFor(PendingTask t) {
    Map<String, String> env = t.environment();
    if (env.isEmpty()) {
      return command;
    }
    CommandInfo c = command.deepCopy();
    Map<String, String> merged = new TreeMap<>(c.isSetEnvironment() ? c.getEnvironment() : Map.of());
    merged.putAll(env);
    return c.setEnvironment(merged);
  }

  /** Tells the master what the pending tasks want, if that changed since it was last told. */
  private void stateWishes(FrameworkClient client) {
    if (!locality.stateWishes()) {
      return;
    }
    SplitWishes now = pending.wishes();
    if (now.equals(stated)) {
      return;
    }
    try {
      client.setLocality(now.hosts(), now.racks(), List.of(), locality.nodeWait(), locality.rackWait());
      if (wishesSince == 0 && !now.isEmpty()) {
        wishesSince = System.nanoTime();
      }
      stated = now;
    } catch (MesetaCallException e) {
      print("could not state locality wishes (tasks run without them): " + e.getMessage());
      stated = now; // do not repeat a rejected call for every offer
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

  /** Whether every one of the tasks finished successfully. */
  public boolean succeeded() {
    return succeeded(total);
  }

  /** How many tasks there are in all. */
  public int total() {
    return total;
  }

  /** Where the launched tasks ran relative to their splits. */
  public LocalityTally locality() {
    return tally;
  }

  private void print(String line) {
    out.printf("[%8.3fs] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
    out.flush();
  }
}
