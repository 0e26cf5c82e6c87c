package io.meseta.batch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.batch.plan.JobPlan;
import io.meseta.batch.plan.JobPlanner;
import io.meseta.batch.plan.PlannedTask;
import io.meseta.batch.plan.PlannedTask.Placement;
import io.meseta.batch.spec.FailurePolicy;
import io.meseta.batch.spec.ForEachSpec;
import io.meseta.batch.spec.JobSpec;
import io.meseta.batch.spec.Program;
import io.meseta.batch.spec.RetryPolicy;
import io.meseta.batch.spec.SplitMode;
import io.meseta.batch.spec.StageSpec;
import io.meseta.batch.spec.TaskResources;
import io.meseta.batch.spec.TaskSpec;
import io.meseta.core.time.ManualClock;
import io.meseta.hdfs.locality.Split;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JobEngineTest {
  private final ManualClock clock = new ManualClock(1_000_000);

  static TaskSpec task(String name, RetryPolicy retries, Optional<Duration> timeout) {
    return new TaskSpec(name, new Program.Shell("true"), TaskResources.DEFAULT, Map.of(), retries, timeout);
  }

  static TaskSpec task(String name) {
    return task(name, RetryPolicy.NONE, Optional.empty());
  }

  /** A per-block stage "count" of {@code blocks} splits, then "merge" (one task) depending on it. */
  static JobPlan twoStage(int blocks, int maxParallel, FailurePolicy policy, TaskSpec template) throws Exception {
    JobSpec spec = new JobSpec("wc", "*", maxParallel, policy, Optional.empty(), List.of(
        StageSpec.forEach("count", List.of(), new ForEachSpec(List.of("/in"), SplitMode.BLOCKS, false), template),
        StageSpec.ofTasks("merge", List.of("count"), List.of(task("sum")))));
    List<Split> splits = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      splits.add(new Split(URI.create("hdfs://nn/in"), i * 100L, 100, List.of("h" + i), List.of("/r" + i)));
    }
    return JobPlanner.plan("wc-1", spec, (stage, input) -> splits);
  }

  private static List<String> keys(List<PlannedTask> tasks) {
    return tasks.stream().map(PlannedTask::key).toList();
  }

  private Attempt launch(JobEngine e, String key) {
    return e.launched(key, "h0", Placement.NODE_LOCAL);
  }

  @Test
  void aStageStartsWhenEveryTaskOfItsDependencyFinished() throws Exception {
    JobEngine e = JobEngine.start(twoStage(3, 2, FailurePolicy.STOP, task("count")), clock);
    assertEquals(List.of("count.00000", "count.00001"), keys(e.launchable()), "two at a time");
    Attempt a0 = launch(e, "count.00000");
    Attempt a1 = launch(e, "count.00001");
    assertEquals(List.of(), keys(e.launchable()));
    clock.advance(Duration.ofMillis(300));
    e.update(a0, AttemptState.RUNNING, "");
    assertEquals(TaskPhase.RUNNING, e.record("count.00000").phase());
    assertEquals(1_000_000, e.record("count.00000").launchedAt());
    assertEquals(1_000_300, e.record("count.00000").startedAt());
    clock.advance(Duration.ofMillis(200));
    e.update(a0, AttemptState.FINISHED, "");
    assertEquals(1_000_500, e.record("count.00000").endedAt());
    assertEquals(List.of("count.00002"), keys(e.launchable()));
    Attempt a2 = launch(e, "count.00002");
    e.update(a1, AttemptState.FINISHED, "");
    assertEquals(TaskPhase.WAITING, e.record("merge.sum").phase());
    e.update(a2, AttemptState.FINISHED, "");
    assertEquals(List.of("merge.sum"), keys(e.launchable()));
    Attempt m = launch(e, "merge.sum");
    assertEquals(JobPhase.RUNNING, e.phase());
    e.update(m, AttemptState.FINISHED, "");
    assertEquals(JobPhase.SUCCEEDED, e.phase());
    assertEquals("wc-1.merge.sum.a1", m.taskId());
  }

  @Test
  void aFailedAttemptIsRetriedAfterItsBackoff() throws Exception {
    RetryPolicy retries = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(3));
    JobEngine e = JobEngine.start(twoStage(1, 10, FailurePolicy.STOP, task("count", retries, Optional.empty())), clock);
    Attempt first = launch(e, "count.00000");
    e.update(first, AttemptState.FAILED, "exit 1");
    TaskRecord r = e.record("count.00000");
    assertEquals(TaskPhase.READY, r.phase());
    assertEquals(Optional.of("attempt 1 failed: exit 1"), r.message());
    assertEquals(List.of(), e.launchable(), "still backing off");
    assertEquals(OptionalLong.of(clock.millis() + 2000), e.nextWakeup());
    clock.advance(Duration.ofSeconds(2));
    Attempt second = launch(e, "count.00000");
    assertEquals(2, second.number());
    e.update(first, AttemptState.FINISHED, "");
    assertEquals(TaskPhase.LAUNCHED, e.record("count.00000").phase(), "an update of the earlier attempt is ignored");
    e.update(second, AttemptState.FAILED, "exit 1");
    assertEquals(clock.millis() + 3000, e.record("count.00000").notBefore(), "4 s capped at maxBackoff 3 s");
    clock.advance(Duration.ofSeconds(3));
    Attempt third = launch(e, "count.00000");
    e.update(third, AttemptState.FINISHED, "");
    assertEquals(TaskPhase.FINISHED, e.record("count.00000").phase());
    assertEquals(3, e.record("count.00000").attempts());
  }

  @Test
  void stopPolicyKillsTheRestAtTheFirstTaskThatFailedForGood() throws Exception {
    JobEngine e = JobEngine.start(twoStage(3, 2, FailurePolicy.STOP, task("count")), clock);
    Attempt a0 = launch(e, "count.00000");
    Attempt a1 = launch(e, "count.00001");
    e.update(a0, AttemptState.FAILED, "exit 3");
    assertEquals(TaskPhase.FAILED, e.record("count.00000").phase());
    assertEquals(TaskPhase.SKIPPED, e.record("count.00002").phase());
    assertEquals(TaskPhase.SKIPPED, e.record("merge.sum").phase());
    assertEquals(List.of(), e.launchable());
    assertEquals(List.of(a1), e.killsDue());
    assertEquals(List.of(), e.killsDue(), "a kill is handed out once");
    assertEquals(JobPhase.RUNNING, e.phase(), "until the killed attempt has ended");
    e.update(a1, AttemptState.KILLED, "killed");
    assertEquals(TaskPhase.KILLED, e.record("count.00001").phase());
    assertEquals(JobPhase.FAILED, e.phase());
  }

  @Test
  void continuePolicySkipsOnlyWhatDependsOnTheFailedStage() throws Exception {
    JobSpec spec = new JobSpec("j", "*", 10, FailurePolicy.CONTINUE, Optional.empty(), List.of(
        StageSpec.ofTasks("a", List.of(), List.of(task("t"))),
        StageSpec.ofTasks("b", List.of("a"), List.of(task("t"))),
        StageSpec.ofTasks("c", List.of("b"), List.of(task("t"))),
        StageSpec.ofTasks("other", List.of(), List.of(task("t")))));
    JobEngine e = JobEngine.start(JobPlanner.plan("j-1", spec, (s, i) -> List.of()), clock);
    assertEquals(List.of("a.t", "other.t"), keys(e.launchable()));
    Attempt a = launch(e, "a.t");
    Attempt other = launch(e, "other.t");
    e.update(a, AttemptState.FAILED, "");
    assertEquals(TaskPhase.SKIPPED, e.record("b.t").phase());
    assertEquals(TaskPhase.SKIPPED, e.record("c.t").phase());
    assertEquals(Optional.of("skipped: stage 'a' failed"), e.record("c.t").message());
    assertEquals(List.of(), e.killsDue());
    e.update(other, AttemptState.FINISHED, "");
    assertEquals(TaskPhase.FINISHED, e.record("other.t").phase());
    assertEquals(JobPhase.FAILED, e.phase());
  }

  @Test
  void anAttemptOverItsTimeoutIsKilledAndRetried() throws Exception {
    TaskSpec t = task("count", new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(1)),
        Optional.of(Duration.ofSeconds(5)));
    JobEngine e = JobEngine.start(twoStage(1, 10, FailurePolicy.STOP, t), clock);
    Attempt first = launch(e, "count.00000");
    e.update(first, AttemptState.RUNNING, "");
    assertEquals(OptionalLong.of(clock.millis() + 5000), e.nextWakeup());
    clock.advance(Duration.ofMillis(4999));
    assertEquals(List.of(), e.killsDue());
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(first), e.killsDue());
    e.update(first, AttemptState.KILLED, "killed by request");
    TaskRecord r = e.record("count.00000");
    assertEquals(TaskPhase.READY, r.phase());
    assertEquals(Optional.of("attempt 1 timed out after PT5S"), r.message());
    clock.advance(Duration.ofSeconds(1));
    Attempt second = launch(e, "count.00000");
    assertEquals(2, second.number());
    assertTrue(!e.record("count.00000").timedOut());
  }

  @Test
  void killingTheJobKillsActiveAttemptsAndCancelsTheRest() throws Exception {
    JobEngine e = JobEngine.start(twoStage(3, 1, FailurePolicy.CONTINUE, task("count")), clock);
    Attempt a0 = launch(e, "count.00000");
    e.kill();
    assertTrue(e.isKilled());
    assertEquals(List.of(), e.launchable());
    assertEquals(List.of(a0), e.killsDue());
    assertEquals(TaskPhase.KILLED, e.record("count.00001").phase());
    assertEquals(TaskPhase.KILLED, e.record("merge.sum").phase());
    e.update(a0, AttemptState.KILLED, "");
    assertEquals(JobPhase.KILLED, e.phase());
  }

  @Test
  void aLaunchThatDidNotHappenUsesNoAttempt() throws Exception {
    JobEngine e = JobEngine.start(twoStage(1, 1, FailurePolicy.STOP, task("count")), clock);
    Attempt a = launch(e, "count.00000");
    e.launchFailed(a);
    assertEquals(TaskRecord.initial("count.00000", TaskPhase.READY), e.record("count.00000"));
    assertEquals(1, launch(e, "count.00000").number());
  }

  @Test
  void aRestoredEngineCarriesOnFromItsRecords() throws Exception {
    JobPlan plan = twoStage(2, 10, FailurePolicy.STOP, task("count"));
    JobEngine e = JobEngine.start(plan, clock);
    Attempt a0 = launch(e, "count.00000");
    Attempt a1 = launch(e, "count.00001");
    e.update(a0, AttemptState.FINISHED, "");
    Map<String, TaskRecord> stored = new LinkedHashMap<>();
    e.drainChanges().forEach(r -> stored.put(r.key(), r));
    assertEquals(List.of("count.00000", "count.00001", "merge.sum"), List.copyOf(stored.keySet()));

    JobEngine restored = JobEngine.restore(plan, clock, stored, false);
    assertEquals(e.records(), restored.records());
    assertEquals(List.of(a1), restored.activeAttempts());
    assertEquals(List.of(), restored.drainChanges());
    restored.update(a1, AttemptState.FINISHED, "");
    assertEquals(List.of("merge.sum"), keys(restored.launchable()));
    assertEquals(1, restored.record("count.00000").attempts(), "a finished task does not run again");
  }

  @Test
  void repeatedUpdatesChangeNothing() throws Exception {
    JobEngine e = JobEngine.start(twoStage(1, 1, FailurePolicy.STOP, task("count")), clock);
    Attempt a = launch(e, "count.00000");
    e.update(a, AttemptState.FINISHED, "");
    e.drainChanges();
    e.update(a, AttemptState.FINISHED, "");
    e.update(a, AttemptState.FAILED, "late");
    assertEquals(List.of(), e.drainChanges());
    assertEquals(TaskPhase.FINISHED, e.record("count.00000").phase());
  }
}
