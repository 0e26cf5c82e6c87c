package io.meseta.batch.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.batch.engine.Attempt;
import io.meseta.batch.plan.JobPlan;
import io.meseta.batch.plan.JobPlanner;
import io.meseta.batch.spec.JobSpecParser;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.hdfs.locality.Split;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.CommandUri;
import io.meseta.protocol.thrift.TaskInfo;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskCommandsTest {
  private static JobPlan plan() throws Exception {
    return JobPlanner.plan("job-1", JobSpecParser.parse("""
        name: job
        outputDir: hdfs:///out
        stages:
          - name: count
            forEach: {input: /in}
            task: {command: 'wc -w', env: {LANG: C, MESETA_ATTEMPT: ignored}}
          - name: merge
            dependsOn: [count]
            tasks:
              - name: sum
                java:
                  mainClass: com.example.Merge
                  classpath: ['hdfs:///libs/merge.jar', 'https://example.com/x/dep-1.0.jar']
                  args: [a b, "it's"]
                  jvmOptions: [-Xmx64m]
        """, Format.YAML),
        (stage, input) -> List.of(new Split(URI.create("hdfs://nn/in"), 0, 1024, List.of("h1"), List.of("/r1")),
            new Split(URI.create("hdfs://nn/in"), 1024, 512, List.of("h2"), List.of("/r2"))));
  }

  @Test
  void aSplitTaskLearnsItsSplitAttemptAndOutputDirFromItsEnvironment() throws Exception {
    JobPlan plan = plan();
    TaskInfo info = TaskCommands.taskInfo(plan, plan.task("count.00001").orElseThrow(),
        new Attempt("job-1", "count.00001", 2), "agent-7");
    assertEquals("job-1.count.00001.a2", info.getTaskId());
    assertEquals("agent-7", info.getAgentId());
    CommandInfo c = info.getCommand();
    assertEquals("wc -w", c.getShell());
    assertEquals(Map.ofEntries(Map.entry("LANG", "C"), Map.entry("MESETA_ATTEMPT", "2"),
        Map.entry("MESETA_JOB_ID", "job-1"), Map.entry("MESETA_JOB_NAME", "job"),
        Map.entry("MESETA_JOB_OUTPUT_DIR", "hdfs:///out"), Map.entry("MESETA_STAGE", "count"),
        Map.entry("MESETA_TASK_KEY", "count.00001"), Map.entry("MESETA_SPLIT_PATH", "hdfs://nn/in"),
        Map.entry("MESETA_SPLIT_OFFSET", "1024"), Map.entry("MESETA_SPLIT_LENGTH", "512"),
        Map.entry("MESETA_SPLIT_INDEX", "1")), c.getEnvironment());
  }

  @Test
  void aJavaTaskFetchesItsClasspathAndRunsTheMainClass() throws Exception {
    JobPlan plan = plan();
    CommandInfo c = TaskCommands.taskInfo(plan, plan.task("merge.sum").orElseThrow(),
        new Attempt("job-1", "merge.sum", 1), "agent-1").getCommand();
    assertEquals(List.of(new CommandUri("hdfs:///libs/merge.jar").setOutputFile("merge.jar"),
        new CommandUri("https://example.com/x/dep-1.0.jar").setOutputFile("dep-1.0.jar")), c.getUris());
    assertEquals("exec \"${JAVA_HOME:+$JAVA_HOME/bin/}java\" '-Xmx64m' -cp 'merge.jar:dep-1.0.jar' 'com.example.Merge' "
        + "'a b' 'it'\\''s'", c.getShell());
  }

  @Test
  void attemptIdsParseBack() {
    assertEquals(java.util.Optional.of(new Attempt("job-1", "count.00001", 12)),
        Attempt.parse("job-1", "job-1.count.00001.a12"));
    assertEquals(java.util.Optional.empty(), Attempt.parse("job-2", "job-1.count.00001.a12"));
    assertEquals(java.util.Optional.empty(), Attempt.parse("job-1", "job-1.count.00001"));
  }
}
