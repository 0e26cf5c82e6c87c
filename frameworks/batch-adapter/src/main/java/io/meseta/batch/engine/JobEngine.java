package io.meseta.batch.engine;

import io.meseta.batch.plan.JobPlan;
import io.meseta.batch.plan.PlannedTask;
import io.meseta.batch.plan.PlannedTask.Placement;
import io.meseta.batch.spec.FailurePolicy;
import io.meseta.batch.spec.StageSpec;
import io.meseta.core.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The decisions of one job, without any I/O: which tasks may launch now (dependencies met, backoff
 * over, under the job's parallelism), what a status update does (retry with backoff, fail the task,
 * release the next stage, stop the job under {@link FailurePolicy#STOP}), which attempts are over
 * their timeout or must be killed, and when the job is done. Time comes only from the injected
 * {@link Clock}; iteration follows the plan's order, so the same events give the same decisions.
 *
 * <p>Every change is a new {@link TaskRecord}; {@link #drainChanges()} hands them out for storing.
 * Not thread-safe: one thread (the framework's callback thread, or a test) drives it.
 */
public final class JobEngine {
  private final JobPlan plan;
  private final Clock clock;
  private final Map<String, PlannedTask> planned = new LinkedHashMap<>();
  private final Map<String, TaskRecord> records = new LinkedHashMap<>();
  private final Map<String, Set<String>> dependents = new LinkedHashMap<>();
  private final Map<String, List<PlannedTask>> byStage;
  private final Set<String> killSent = new HashSet<>();
  private final Set<String> changed = new LinkedHashSet<>();
  private boolean killed;

  private JobEngine(JobPlan plan, Clock clock) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.clock = Objects.requireNonNull(clock, "clock");
    for (PlannedTask t : plan.tasks()) {
      planned.put(t.key(), t);
    }
    this.byStage = plan.byStage();
    for (StageSpec s : plan.spec().stages()) {
      dependents.putIfAbsent(s.name(), new LinkedHashSet<>());
      for (String d : s.dependsOn()) {
        dependents.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(s.name());
      }
    }
  }

  /** A new job: tasks of stages without dependencies are READY, the others WAITING. */
  public static JobEngine start(JobPlan plan, Clock clock) {
    JobEngine e = new JobEngine(plan, clock);
    for (PlannedTask t : plan.tasks()) {
      boolean free = plan.spec().stage(t.stage()).orElseThrow().dependsOn().isEmpty();
      e.put(TaskRecord.initial(t.key(), free ? TaskPhase.READY : TaskPhase.WAITING));
    }
    e.settle();
    return e;
  }

  /**
   * A job recovered from its stored records (a task without a record starts afresh). Attempts
   * that were active stay active: the framework reconciles them, and kills due are sent again.
   */
  public static JobEngine restore(JobPlan plan, Clock clock, Map<String, TaskRecord> stored, boolean killed) {
    JobEngine e = new JobEngine(plan, clock);
    e.killed = killed;
    for (PlannedTask t : plan.tasks()) {
      TaskRecord r = stored.get(t.key());
      e.records.put(t.key(), r != null ? r : TaskRecord.initial(t.key(), TaskPhase.WAITING));
    }
    e.settle();
    e.changed.clear();
    return e;
  }

  public JobPlan plan() {
    return plan;
  }

  /** Whether the job has a task {@code key}. */
  public boolean hasTask(String key) {
    return planned.containsKey(key);
  }

  public String jobId() {
    return plan.jobId();
  }

  public boolean isKilled() {
    return killed;
  }

  // ------------------------------------------------------------------ decisions

  /**
   * The tasks to launch now, in plan order: READY, backoff over, as many as the job's
   * {@code maxParallelTasks} leaves room for. Nothing once the job is stopping, killed or done.
   */
  public List<PlannedTask> launchable() {
    if (stopping()) {
      return List.of();
    }
    long now = clock.millis();
    int room = plan.spec().maxParallelTasks() - activeCount();
    List<PlannedTask> out = new ArrayList<>();
    for (TaskRecord r : records.values()) {
      if (out.size() >= room) {
        break;
      }
      if (r.phase() == TaskPhase.READY && r.notBefore() <= now) {
        out.add(planned.get(r.key()));
      }
    }
    return out;
  }

  /** Records the launch of {@code key}'s next attempt on {@code host}; store the change before launching. */
  public Attempt launched(String key, String host, Placement placement) {
    TaskRecord r = record(key);
    if (r.phase() != TaskPhase.READY) {
      throw new IllegalStateException("task " + key + " is " + r.phase() + ", not READY");
    }
    int n = r.attempts() + 1;
    put(new TaskRecord(key, TaskPhase.LAUNCHED, n, 0, clock.millis(), 0, 0, Optional.of(host), Optional.of(placement),
        r.message(), false));
    return new Attempt(plan.jobId(), key, n);
  }

  /** The launch of {@code attempt} did not happen (the offer was gone): the task is READY again, no attempt used. */
  public void launchFailed(Attempt attempt) {
    TaskRecord r = current(attempt).orElse(null);
    if (r == null || r.phase() != TaskPhase.LAUNCHED) {
      return;
    }
    put(new TaskRecord(r.key(), TaskPhase.READY, r.attempts() - 1, 0, 0, 0, 0, Optional.empty(), Optional.empty(),
        r.message(), false));
    settle();
  }

  /**
   * Applies a status update of {@code attempt}. Updates of an earlier attempt, repeats, and
   * updates of a task already ended are ignored (delivery is at least once).
   */
  public void update(Attempt attempt, AttemptState state, String message) {
    TaskRecord r = current(attempt).orElse(null);
    if (r == null || !r.phase().isActive()) {
      return;
    }
    long now = clock.millis();
    switch (state) {
      case STARTING, RUNNING -> {
        if (r.phase() == TaskPhase.LAUNCHED) {
          put(new TaskRecord(r.key(), TaskPhase.RUNNING, r.attempts(), 0, r.launchedAt(), now, 0, r.host(),
              r.placement(), r.message(), r.timedOut()));
        }
      }
      case FINISHED -> {
        put(new TaskRecord(r.key(), TaskPhase.FINISHED, r.attempts(), 0, r.launchedAt(), r.startedAt(), now, r.host(),
            r.placement(), Optional.empty(), false));
        releaseDependents(planned.get(r.key()).stage());
      }
      default -> attemptFailed(r, state, message, now);
    }
    settle();
  }

  private void attemptFailed(TaskRecord r, AttemptState state, String message, long now) {
    killSent.remove(r.key());
    String why = r.timedOut()
        ? "attempt " + r.attempts() + " timed out after " + planned.get(r.key()).spec().timeout().orElseThrow()
        : "attempt " + r.attempts() + " " + state.name().toLowerCase(java.util.Locale.ROOT)
            + (message == null || message.isBlank() ? "" : ": " + message);
    if (killed) {
      put(new TaskRecord(r.key(), TaskPhase.KILLED, r.attempts(), 0, r.launchedAt(), r.startedAt(), now, r.host(), r.placement(),
          Optional.of("killed with the job"), false));
      return;
    }
    int max = planned.get(r.key()).spec().retries().maxAttempts();
    if (r.attempts() < max && !stopping()) {
      Duration wait = planned.get(r.key()).spec().retries().delayBefore(r.attempts() + 1);
      put(new TaskRecord(r.key(), TaskPhase.READY, r.attempts(), now + wait.toMillis(), r.launchedAt(), r.startedAt(), 0, r.host(),
          r.placement(), Optional.of(why), false));
      return;
    }
    boolean stoppedByOther = stopping();
    put(new TaskRecord(r.key(), stoppedByOther ? TaskPhase.KILLED : TaskPhase.FAILED, r.attempts(), 0, r.launchedAt(),
        r.startedAt(), now, r.host(), r.placement(), Optional.of(stoppedByOther ? "killed: the job is stopping" : why), false));
    if (!stoppedByOther) {
      skipDependents(planned.get(r.key()).stage());
    }
  }

  /**
   * Attempts to kill now: those over their timeout (the kill then counts as a failed attempt),
   * and every active attempt once the job is killed or stopping. Each is handed out once (again
   * after {@link #restore}).
   */
  public List<Attempt> killsDue() {
    long now = clock.millis();
    List<Attempt> out = new ArrayList<>();
    for (TaskRecord r : List.copyOf(records.values())) {
      if (!r.phase().isActive() || killSent.contains(r.key())) {
        continue;
      }
      Optional<Duration> timeout = planned.get(r.key()).spec().timeout();
      if (stopping()) {
        out.add(new Attempt(plan.jobId(), r.key(), r.attempts()));
      } else if (timeout.isPresent() && now - r.launchedAt() >= timeout.get().toMillis()) {
        put(new TaskRecord(r.key(), r.phase(), r.attempts(), 0, r.launchedAt(), r.startedAt(), 0, r.host(), r.placement(),
            r.message(), true));
        out.add(new Attempt(plan.jobId(), r.key(), r.attempts()));
      }
    }
    out.forEach(a -> killSent.add(a.taskKey()));
    return out;
  }

  /** Hands out again, at the next {@link #killsDue()}, the kills handed out before (after a reconnect). */
  public void resendKills() {
    killSent.clear();
  }

  /** Kills the job: nothing more launches, tasks not started are KILLED, active attempts are due for killing. */
  public void kill() {
    if (phase().isTerminal()) {
      return;
    }
    killed = true;
    long now = clock.millis();
    for (TaskRecord r : List.copyOf(records.values())) {
      if (r.phase() == TaskPhase.READY || r.phase() == TaskPhase.WAITING) {
        put(new TaskRecord(r.key(), TaskPhase.KILLED, r.attempts(), 0, r.launchedAt(), r.startedAt(), now, r.host(), r.placement(),
            Optional.of("killed with the job"), false));
      }
    }
  }

  /** The next time something is due without an event (a backoff ends, a timeout expires); empty if none. */
  public OptionalLong nextWakeup() {
    long next = Long.MAX_VALUE;
    for (TaskRecord r : records.values()) {
      if (r.phase() == TaskPhase.READY && r.notBefore() > clock.millis()) {
        next = Math.min(next, r.notBefore());
      }
      Optional<Duration> timeout = planned.get(r.key()).spec().timeout();
      if (r.phase().isActive() && timeout.isPresent() && !killSent.contains(r.key())) {
        next = Math.min(next, r.launchedAt() + timeout.get().toMillis());
      }
    }
    return next == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(next);
  }

  // ------------------------------------------------------------------ state

  /** RUNNING until no task is active or can still run; then KILLED, FAILED or SUCCEEDED. */
  public JobPhase phase() {
    boolean open = false;
    boolean failed = false;
    for (TaskRecord r : records.values()) {
      open |= !r.phase().isTerminal();
      failed |= r.phase() == TaskPhase.FAILED;
    }
    if (open) {
      return JobPhase.RUNNING;
    }
    return killed ? JobPhase.KILLED : failed ? JobPhase.FAILED : JobPhase.SUCCEEDED;
  }

  /** Every task's record, in plan order. */
  public List<TaskRecord> records() {
    return List.copyOf(records.values());
  }

  public TaskRecord record(String key) {
    TaskRecord r = records.get(key);
    if (r == null) {
      throw new IllegalArgumentException("job " + plan.jobId() + " has no task " + key);
    }
    return r;
  }

  /** The attempts active now (launched or running), in plan order. */
  public List<Attempt> activeAttempts() {
    return records.values().stream().filter(r -> r.phase().isActive())
        .map(r -> new Attempt(plan.jobId(), r.key(), r.attempts())).toList();
  }

  /** The records changed since the last call, in the order they changed. */
  public List<TaskRecord> drainChanges() {
    List<TaskRecord> out = changed.stream().map(records::get).toList();
    changed.clear();
    return out;
  }

  // ------------------------------------------------------------------ internals

  private boolean stopping() {
    if (killed) {
      return true;
    }
    return plan.spec().failurePolicy() == FailurePolicy.STOP
        && records.values().stream().anyMatch(r -> r.phase() == TaskPhase.FAILED);
  }

  private int activeCount() {
    return (int) records.values().stream().filter(r -> r.phase().isActive()).count();
  }

  private Optional<TaskRecord> current(Attempt attempt) {
    if (!attempt.jobId().equals(plan.jobId())) {
      return Optional.empty();
    }
    TaskRecord r = records.get(attempt.taskKey());
    return r != null && r.attempts() == attempt.number() ? Optional.of(r) : Optional.empty();
  }

  private static TaskRecord with(TaskRecord r, TaskPhase phase, Optional<String> message) {
    return new TaskRecord(r.key(), phase, r.attempts(), r.notBefore(), r.launchedAt(), r.startedAt(), r.endedAt(), r.host(),
        r.placement(), message, r.timedOut());
  }

  private void put(TaskRecord r) {
    records.put(r.key(), r);
    changed.add(r.key());
  }

  /** WAITING tasks whose stages' dependencies all succeeded become READY; under STOP, a failure skips what has not started. */
  private void settle() {
    if (stopping()) {
      for (TaskRecord r : List.copyOf(records.values())) {
        if (r.phase() == TaskPhase.READY || r.phase() == TaskPhase.WAITING) {
          put(new TaskRecord(r.key(), killed ? TaskPhase.KILLED : TaskPhase.SKIPPED, r.attempts(), 0, r.launchedAt(),
              r.startedAt(), clock.millis(), r.host(), r.placement(),
              Optional.of(killed ? "killed with the job" : "skipped: the job stopped at a failed task"), false));
        }
      }
      return;
    }
    for (StageSpec s : plan.spec().stages()) {
      releaseIfReady(s);
    }
  }

  private void releaseDependents(String stage) {
    for (String d : dependents.getOrDefault(stage, Set.of())) {
      releaseIfReady(plan.spec().stage(d).orElseThrow());
    }
  }

  private void releaseIfReady(StageSpec stage) {
    for (String dep : stage.dependsOn()) {
      if (!stageSucceeded(dep)) {
        return;
      }
    }
    for (PlannedTask t : byStage.get(stage.name())) {
      TaskRecord r = records.get(t.key());
      if (r.phase() == TaskPhase.WAITING) {
        put(with(r, TaskPhase.READY, r.message()));
      }
    }
  }

  private boolean stageSucceeded(String stage) {
    return byStage.get(stage).stream().allMatch(t -> records.get(t.key()).phase() == TaskPhase.FINISHED);
  }

  /** Every task of the stages that depend, directly or not, on {@code stage} and have not run: SKIPPED. */
  private void skipDependents(String stage) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(dependents.getOrDefault(stage, Set.of()));
    while (!todo.isEmpty()) {
      String s = todo.remove(0);
      if (seen.add(s)) {
        todo.addAll(dependents.getOrDefault(s, Set.of()));
      }
    }
    for (PlannedTask t : plan.tasks()) {
      TaskRecord r = records.get(t.key());
      if (seen.contains(t.stage()) && (r.phase() == TaskPhase.WAITING || r.phase() == TaskPhase.READY)) {
        put(new TaskRecord(r.key(), TaskPhase.SKIPPED, r.attempts(), 0, r.launchedAt(), r.startedAt(), clock.millis(), r.host(),
            r.placement(), Optional.of("skipped: stage '" + stage + "' failed"), false));
      }
    }
  }
}
