package io.meseta.bench;

import io.meseta.hdfs.locality.SplitWishes;
import io.meseta.cli.run.LocalityTally;
import io.meseta.cli.run.PendingTask;
import io.meseta.cli.run.TaskQueue;
import io.meseta.client.FrameworkClient;
import io.meseta.client.Scheduler;
import io.meseta.core.allocation.AgentProfile;
import io.meseta.core.allocation.LocalityLevel;
import io.meseta.core.resources.Resources;
import io.meseta.hdfs.locality.Split;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's data framework: jobs of one task per input split arrive over time; a task is
 * runnable from its job's arrival. How it places tasks depends on the {@link Mode}. It records,
 * per task, the time from runnable to launch (accept sent) and where it ran.
 */
final class DataJobs implements Scheduler {
  /** How the framework uses locality. */
  enum Mode {
    /** States where its runnable tasks' splits are (setLocality) and fills offers local-first, as the offer's level allows. */
    ON,
    /** States nothing (every offer is ANY) but still fills each offer with the tasks local to it first. */
    OFF,
    /** States nothing and launches runnable tasks in arrival order wherever offered. */
    BLIND
  }

  private static final Set<TaskState> TERMINAL = EnumSet.of(TaskState.FINISHED, TaskState.FAILED,
      TaskState.KILLED, TaskState.LOST, TaskState.ERROR);

  private final Mode mode;
  private final Resources perTask;
  private final CommandInfo command;
  private final Optional<Duration> nodeWait;
  private final Optional<Duration> rackWait;
  private final int total;
  private final TaskQueue queue = new TaskQueue(List.of());
  private final Map<String, Long> runnableAt = new HashMap<>();
  private final List<Long> delaysNanos = new ArrayList<>();
  private final LocalityTally tally = new LocalityTally();
  private final CountDownLatch done = new CountDownLatch(1);
  private int ended;
  private SplitWishes stated = SplitWishes.NONE;
  private FrameworkClient client;

  DataJobs(Mode mode, int totalTasks, Resources perTask, String shell, Optional<Duration> nodeWait,
      Optional<Duration> rackWait) {
    this.mode = mode;
    this.total = totalTasks;
    this.perTask = perTask;
    this.command = new CommandInfo().setShell(shell);
    this.nodeWait = nodeWait;
    this.rackWait = rackWait;
  }

  void attach(FrameworkClient c) {
    this.client = c;
  }

  /** A job arrives: its tasks become runnable now. Called from the job timer thread. */
  synchronized void arrive(String job, List<Split> splits) {
    boolean wasIdle = queue.isEmpty();
    long now = System.nanoTime();
    List<PendingTask> tasks = PendingTask.forSplits(job, splits);
    tasks.forEach(t -> runnableAt.put(t.id(), now));
    queue.add(tasks);
    stateWishes();
    if (wasIdle) {
      client.revive(); // offers declined while idle are filtered: ask for them again
    }
  }

  @Override
  public synchronized void resourceOffers(FrameworkClient c, List<Offer> offers) {
    for (Offer offer : offers) {
      Resources free = ResourceCodec.fromWire(offer.getResources());
      String rack = offer.isSetRack() ? offer.getRack() : AgentProfile.DEFAULT_RACK;
      int room = 0;
      for (Resources r = free; r.contains(perTask); r = r.minus(perTask)) {
        room++;
      }
      List<PendingTask> chosen = mode == Mode.BLIND ? takeInOrder(room)
          : queue.take(offer.getHostname(), rack, levelOf(offer), room);
      if (chosen.isEmpty()) {
        c.decline(List.of(offer.getOfferId()), new Filters().setRefuseSeconds(1));
        continue;
      }
      long now = System.nanoTime();
      List<TaskInfo> launch = new ArrayList<>();
      for (PendingTask t : chosen) {
        launch.add(new TaskInfo(t.id(), t.id(), offer.getAgentId(), ResourceCodec.toWire(perTask), command));
        delaysNanos.add(now - runnableAt.get(t.id()));
        tally.launched(t, offer.getHostname(), rack);
      }
      c.accept(List.of(offer.getOfferId()), launch, new Filters().setRefuseSeconds(0));
    }
    stateWishes();
  }

  private List<PendingTask> takeInOrder(int room) {
    // ANY on the host "" of no rack: nothing is local, so this is the queue's order.
    return queue.take("", "", LocalityLevel.ANY, room);
  }

  private static LocalityLevel levelOf(Offer offer) {
    return offer.isSetLocality() ? LocalityLevel.valueOf(offer.getLocality().name()) : LocalityLevel.ANY;
  }

  /** Tells the master what the runnable tasks want, when that changed (mode ON only). */
  private void stateWishes() {
    if (mode != Mode.ON) {
      return;
    }
    SplitWishes now = queue.wishes();
    if (!now.equals(stated)) {
      client.setLocality(now.hosts(), now.racks(), List.of(), nodeWait, rackWait);
      stated = now;
    }
  }

  @Override
  public synchronized void statusUpdate(FrameworkClient c, TaskStatus status) {
    if (TERMINAL.contains(status.getState()) && runnableAt.remove(status.getTaskId()) != null) {
      ended++;
      if (ended == total) {
        done.countDown();
      }
    }
  }

  boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  synchronized List<Long> delaysNanos() {
    return List.copyOf(delaysNanos);
  }

  synchronized LocalityTally tally() {
    return tally;
  }
}
