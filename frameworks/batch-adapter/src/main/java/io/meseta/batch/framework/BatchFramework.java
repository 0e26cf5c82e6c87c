package io.meseta.batch.framework;

import io.meseta.hdfs.locality.SplitWishes;
import io.meseta.batch.engine.Attempt;
import io.meseta.batch.engine.AttemptState;
import io.meseta.batch.engine.JobEngine;
import io.meseta.batch.engine.JobPhase;
import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.plan.JobPlan;
import io.meseta.batch.plan.PlannedTask;
import io.meseta.batch.status.JobStatus;
import io.meseta.batch.store.JobStore;
import io.meseta.batch.store.StoredJob;
import io.meseta.batch.store.StoredJobState;
import io.meseta.client.FrameworkClient;
import io.meseta.client.MesetaCallException;
import io.meseta.client.Scheduler;
import io.meseta.core.allocation.LocalityLevel;
import io.meseta.core.task.StatusReasons;
import io.meseta.core.time.Clock;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.ReconcileTask;
import io.meseta.protocol.thrift.TaskStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Meseta framework that runs batch jobs: one {@link JobEngine} per job, all owned by one loop
 * thread ({@code meseta-batch-loop}). Scheduler callbacks, submissions and kills are posted to that
 * thread; it packs launchable tasks into offers ({@link OfferPacker}, data-local first), states
 * the launchable tasks' locality wishes, stores every task record before its effect leaves the
 * process (a launch is stored before the offer is accepted), kills attempts over their timeout,
 * and publishes an immutable {@link JobStatus} per job after each change.
 */
public final class BatchFramework implements Scheduler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchFramework.class);
  /**
   * How long an offer declined while tasks wait stays away: short, because such a decline mostly
   * means the offer was made for wishes the framework has since restated (a launch elsewhere used
   * the data this host was wanted for), and the host may suit the next task.
   */
  private static final double DECLINE_WHILE_WORKING_SECONDS = 0.2;

  private final JobStore store;
  private final Clock clock;
  private final LocalityOptions locality;
  private final ScheduledExecutorService loop;
  private final Map<String, JobRun> jobs = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<JobStatus>> endings = new LinkedHashMap<>();
  private volatile Map<String, JobStatus> published = Map.of();
  private volatile FrameworkCounters counters = FrameworkCounters.ZERO;
  private FrameworkClient client;
  private boolean connected;
  /** Whether the master has offers suppressed for us; null when not known (after registering). */
  private Boolean suppressed;
  private SplitWishes stated;
  private ScheduledFuture<?> tick;

  /** One job and its bookkeeping; loop thread only. */
  private static final class JobRun {
    final JobEngine engine;
    final long submittedAt;
    long endedAt;
    boolean ended;
    /** The status published once the job ended; an ended job does not change. */
    JobStatus last;

    JobRun(JobEngine engine, long submittedAt) {
      this.engine = engine;
      this.submittedAt = submittedAt;
    }
  }

  public BatchFramework(JobStore store, Clock clock, LocalityOptions locality) {
    this.store = store;
    this.clock = clock;
    this.locality = locality;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "meseta-batch-loop");
      t.setDaemon(true);
      return t;
    });
  }

  // ------------------------------------------------------------------ API (any thread)

  /** Stores and starts a planned job; completes once it is stored. */
  public CompletableFuture<String> submit(StoredJob stored, JobPlan plan) {
    return call(() -> {
      if (jobs.containsKey(plan.jobId())) {
        throw new IllegalArgumentException("job " + plan.jobId() + " exists already");
      }
      store.createJob(stored);
      JobEngine engine = JobEngine.start(plan, clock);
      store.saveTasks(plan.jobId(), engine.drainChanges());
      jobs.put(plan.jobId(), new JobRun(engine, stored.submittedAt()));
      LOG.info("job {} submitted: {} tasks in {} stages", plan.jobId(), plan.tasks().size(), plan.spec().stages().size());
      return plan.jobId();
    });
  }

  /** Takes back a job from the store after a restart (before the client starts); running attempts are reconciled. */
  public CompletableFuture<String> recover(StoredJob stored, JobPlan plan, StoredJobState state) {
    return call(() -> {
      JobEngine engine = JobEngine.restore(plan, clock, store.tasks(plan.jobId()), state.killed());
      JobRun run = new JobRun(engine, stored.submittedAt());
      if (state.phase().isTerminal()) {
        run.ended = true;
        run.endedAt = state.endedAt();
      }
      jobs.put(plan.jobId(), run);
      LOG.info("job {} recovered: {}, {} attempts active", plan.jobId(), engine.phase(), engine.activeAttempts().size());
      return plan.jobId();
    });
  }

  /** Kills a job (nothing happens to one that ended): completes with false if there is no such job. */
  public CompletableFuture<Boolean> kill(String jobId) {
    return call(() -> {
      JobRun run = jobs.get(jobId);
      if (run == null) {
        return false;
      }
      if (run.engine.phase().isTerminal()) {
        return true; // over already: killing it changes nothing
      }
      run.engine.kill();
      store.saveJobState(jobId, new StoredJobState(true, JobPhase.RUNNING, 0));
      return true;
    });
  }

  /** Completes with the job's final status when it ends. */
  public CompletableFuture<JobStatus> whenDone(String jobId) {
    return call(() -> endings.computeIfAbsent(jobId, k -> new CompletableFuture<>())).thenCompose(f -> f);
  }

  /** The latest status of every job, in submission order. */
  public Map<String, JobStatus> jobs() {
    return published;
  }

  public Optional<JobStatus> job(String jobId) {
    return Optional.ofNullable(published.get(jobId));
  }

  /** What the framework has done with the master so far. */
  public FrameworkCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }

  // ------------------------------------------------------------------ Scheduler (callback thread)

  @Override
  public void registered(FrameworkClient c, String frameworkId, String masterId) {
    post(() -> {
      LOG.info("registered as framework {} with master {}", frameworkId, masterId);
      store.saveFrameworkId(frameworkId);
      connectedTo(c);
    });
  }

  @Override
  public void reregistered(FrameworkClient c, String masterId) {
    post(() -> {
      LOG.info("re-registered with master {}", masterId);
      connectedTo(c);
    });
  }

  @Override
  public void disconnected(FrameworkClient c) {
    post(() -> connected = false);
  }

  @Override
  public void resourceOffers(FrameworkClient c, List<Offer> offers) {
    post(() -> useOffers(c, offers));
  }

  @Override
  public void statusUpdate(FrameworkClient c, TaskStatus status) {
    post(() -> {
      String taskId = status.getTaskId();
      int dot = taskId.indexOf('.');
      JobRun run = dot > 0 ? jobs.get(taskId.substring(0, dot)) : null;
      if (run == null) {
        return;
      }
      Optional<Attempt> attempt = Attempt.parse(run.engine.jobId(), taskId)
          .filter(a -> run.engine.hasTask(a.taskKey()));
      if (attempt.isEmpty()) {
        return;
      }
      String message = status.isSetMessage() ? status.getMessage() : "";
      if (status.isSetExitCode() && status.getExitCode() != 0 && message.isBlank()) {
        message = "exit " + status.getExitCode();
      }
      AttemptState state = stateOf(status);
      if (state == AttemptState.LOST && StatusReasons.UNKNOWN_TASK.equals(status.getReason())) {
        // The master never registered this launch (the service died between storing it and
        // accepting the offer): it did not run, so it uses no attempt and goes again.
        LOG.info("task {} never reached the master; launching it again", taskId);
        run.engine.launchFailed(attempt.get());
        return;
      }
      TaskRecord before = run.engine.record(attempt.get().taskKey());
      run.engine.update(attempt.get(), state, message);
      if (state.isTerminal() && state != AttemptState.FINISHED
          && !before.equals(run.engine.record(attempt.get().taskKey()))) {
        LOG.info("task {} {}{}", taskId, state, message.isBlank() ? "" : ": " + message);
      }
    });
  }

  @Override
  public void error(FrameworkClient c, String message) {
    LOG.error("the master ended the framework: {}", message);
  }

  // ------------------------------------------------------------------ loop thread

  private void connectedTo(FrameworkClient c) {
    client = c;
    connected = true;
    suppressed = null;
    stated = null;
    List<ReconcileTask> ask = new ArrayList<>();
    for (JobRun run : jobs.values()) {
      run.engine.resendKills();
      run.engine.activeAttempts().forEach(a -> ask.add(new ReconcileTask(a.taskId())));
    }
    try {
      if (!ask.isEmpty()) {
        c.reconcile(ask);
      }
    } catch (MesetaCallException e) {
      LOG.warn("could not reconcile after registering: {}", e.getMessage());
    }
  }

  /** Places launchable tasks on the offers, stores the launches, then accepts or declines each offer. */
  private void useOffers(FrameworkClient c, List<Offer> offers) {
    List<JobEngine> engines = jobs.values().stream().map(r -> r.engine).toList();
    List<OfferRound.Decision> decisions = OfferRound.place(offers, engines);
    for (JobEngine e : engines) {
      store.saveTasks(e.jobId(), e.drainChanges()); // launches are durable before any offer is accepted
    }
    boolean work = hasWork();
    for (OfferRound.Decision d : decisions) {
      FrameworkCounters n = counters;
      boolean decline = d.tasks().isEmpty();
      counters = new FrameworkCounters(n.offers() + 1, n.declined() + (decline ? 1 : 0),
          n.declinedLocal() + (decline && d.level() != LocalityLevel.ANY ? 1 : 0), n.launched() + d.tasks().size(),
          n.wishCalls());
      try {
        if (decline) {
          c.decline(List.of(d.offer().getOfferId()), new Filters().setRefuseSeconds(work ? DECLINE_WHILE_WORKING_SECONDS : 5));
        } else {
          c.accept(List.of(d.offer().getOfferId()), d.tasks(), new Filters().setRefuseSeconds(1));
        }
      } catch (MesetaCallException e) {
        LOG.warn("offer {} could not be used: {}", d.offer().getOfferId(), e.getMessage());
        d.attempts().forEach((a, engine) -> engine.launchFailed(a));
      }
    }
  }

  /** After every command: store changes, send kills, end jobs, state wishes, re-arm the timer, publish. */
  private void afterCommand() {
    for (JobRun run : jobs.values()) {
      store.saveTasks(run.engine.jobId(), run.engine.drainChanges());
      if (connected) {
        for (Attempt a : run.engine.killsDue()) {
          try {
            client.killTask(a.taskId());
          } catch (MesetaCallException e) {
            LOG.warn("could not kill {}: {}", a.taskId(), e.getMessage());
          }
        }
        store.saveTasks(run.engine.jobId(), run.engine.drainChanges());
      }
      JobPhase phase = run.engine.phase();
      if (phase.isTerminal() && !run.ended) {
        run.ended = true;
        run.endedAt = clock.millis();
        store.saveJobState(run.engine.jobId(), new StoredJobState(run.engine.isKilled(), phase, run.endedAt));
        LOG.info("job {} ended {}; data tasks ran {}", run.engine.jobId(), phase,
            io.meseta.batch.status.Tally.of(run.engine.records()));
      }
    }
    if (connected) {
      stateWishes();
    }
    rearm();
    publish();
  }

  private boolean hasWork() {
    return jobs.values().stream().anyMatch(r -> !r.engine.launchable().isEmpty());
  }

  /**
   * Tells the master where the launchable tasks' data is (before reviving, so that the first
   * offers already carry their locality level), and suppresses offers while nothing can launch.
   */
  private void stateWishes() {
    List<PlannedTask> launchable = new ArrayList<>();
    jobs.values().forEach(r -> launchable.addAll(r.engine.launchable()));
    try {
      if (launchable.isEmpty()) {
        if (!Boolean.TRUE.equals(suppressed)) {
          LOG.info("no task can launch now: suppressing offers");
          client.suppress();
          suppressed = true;
        }
        return;
      }
      if (locality.stateWishes()) {
        SplitWishes now = SplitWishes.of(launchable);
        if (!now.equals(stated)) {
          stated = now;
          FrameworkCounters n = counters;
          counters = new FrameworkCounters(n.offers(), n.declined(), n.declinedLocal(), n.launched(), n.wishCalls() + 1);
          client.setLocality(now.hosts(), now.racks(), List.of(), locality.nodeWait(), locality.rackWait());
        }
      }
      if (!Boolean.FALSE.equals(suppressed)) {
        LOG.info("{} tasks can launch: asking for offers", launchable.size());
        client.revive();
        suppressed = false;
      }
    } catch (MesetaCallException e) {
      LOG.warn("could not tell the master what the jobs want: {}", e.getMessage());
    }
  }

  private void rearm() {
    OptionalLong next = OptionalLong.empty();
    for (JobRun run : jobs.values()) {
      OptionalLong w = run.engine.nextWakeup();
      if (w.isPresent() && (next.isEmpty() || w.getAsLong() < next.getAsLong())) {
        next = w;
      }
    }
    if (tick != null) {
      tick.cancel(false);
      tick = null;
    }
    if (next.isPresent()) {
      long delay = Math.max(0, next.getAsLong() - clock.millis());
      tick = loop.schedule(() -> run(() -> { }), delay + 1, TimeUnit.MILLISECONDS);
    }
  }

  private void publish() {
    Map<String, JobStatus> out = new LinkedHashMap<>();
    for (JobRun run : jobs.values()) {
      JobStatus s = run.ended && run.last != null ? run.last
          : JobStatus.of(run.engine.jobId(), run.engine.plan().spec().name(), run.engine.phase(), run.submittedAt,
              run.endedAt, run.engine.records());
      out.put(s.jobId(), s);
      if (run.ended) {
        run.last = s;
        CompletableFuture<JobStatus> f = endings.get(s.jobId());
        if (f != null) {
          f.complete(s);
        }
      }
    }
    published = Collections.unmodifiableMap(out);
  }

  private static AttemptState stateOf(TaskStatus status) {
    return switch (status.getState()) {
      case STAGING, STARTING -> AttemptState.STARTING;
      case RUNNING, KILLING -> AttemptState.RUNNING;
      case FINISHED -> AttemptState.FINISHED;
      case FAILED -> AttemptState.FAILED;
      case KILLED -> AttemptState.KILLED;
      case LOST -> AttemptState.LOST;
      case ERROR -> AttemptState.ERROR;
    };
  }

  private void post(Runnable command) {
    loop.execute(() -> run(command));
  }

  private void run(Runnable command) {
    try {
      command.run();
    } catch (RuntimeException e) {
      LOG.error("batch framework command failed", e);
    }
    try {
      afterCommand();
    } catch (RuntimeException e) {
      LOG.error("batch framework bookkeeping failed", e);
    }
  }

  /** Runs {@code command} on the loop; the future completes after the bookkeeping, so its effects are published. */
  private <T> CompletableFuture<T> call(java.util.concurrent.Callable<T> command) {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(() -> {
      T result = null;
      Exception failure = null;
      try {
        result = command.call();
      } catch (Exception e) {
        failure = e;
      }
      try {
        afterCommand();
      } catch (RuntimeException e) {
        LOG.error("batch framework bookkeeping failed", e);
      }
      if (failure != null) {
        f.completeExceptionally(failure);
      } else {
        f.complete(result);
      }
    });
    return f;
  }
}
