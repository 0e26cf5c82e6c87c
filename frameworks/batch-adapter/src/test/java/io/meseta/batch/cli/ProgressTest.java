package io.meseta.batch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.batch.engine.JobPhase;
import io.meseta.batch.engine.TaskPhase;
import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.status.JobStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static JobStatus status(JobPhase phase, TaskPhase... phases) {
    List<TaskRecord> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < phases.length; i++) {
      tasks.add(TaskRecord.initial("s.t" + i, phases[i]));
    }
    return JobStatus.of("job-1", "job", phase, 0, 0, tasks);
  }

  @Test
  void theBarShowsDoneRunningAndFailedTasks() {
    assertEquals("[###############...............] 2/4 done, 1 running, 1 failed RUNNING",
        Progress.bar(status(JobPhase.RUNNING, TaskPhase.FINISHED, TaskPhase.FAILED, TaskPhase.RUNNING,
            TaskPhase.WAITING)));
  }

  @Test
  void onATerminalTheLineIsRedrawnElseEachChangeGetsALine() {
    StringWriter tty = new StringWriter();
    Progress onTty = new Progress(new PrintWriter(tty), true);
    onTty.show(status(JobPhase.RUNNING, TaskPhase.READY));
    onTty.show(status(JobPhase.RUNNING, TaskPhase.READY));
    assertEquals(2, tty.toString().chars().filter(c -> c == '\r').count());
    assertEquals(-1, tty.toString().indexOf('\n'));

    StringWriter log = new StringWriter();
    Progress inLog = new Progress(new PrintWriter(log), false);
    inLog.show(status(JobPhase.RUNNING, TaskPhase.READY));
    inLog.show(status(JobPhase.RUNNING, TaskPhase.READY));
    inLog.show(status(JobPhase.SUCCEEDED, TaskPhase.FINISHED));
    assertEquals(List.of("[..............................] 0/1 done, 0 running RUNNING",
        "[##############################] 1/1 done, 0 running SUCCEEDED"), log.toString().lines().toList());
  }
}
