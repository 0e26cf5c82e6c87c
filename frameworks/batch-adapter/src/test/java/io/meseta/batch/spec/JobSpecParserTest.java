package io.meseta.batch.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.batch.spec.JobSpecParser.Format;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobSpecParserTest {
  static final String WORDCOUNT = """
      name: wordcount
      role: batch
      maxParallelTasks: 8
      failurePolicy: continue
      outputDir: hdfs:///jobs/wc
      stages:
        - name: count
          forEach: {input: /data/words.txt, split: blocks}
          task:
            command: wc -w
            resources: {cpus: 0.5, mem: 128}
            env: {LANG: C}
            retries: {maxAttempts: 3, backoff: 2s, maxBackoff: 1m}
            timeout: 10m
        - name: merge
          dependsOn: [count]
          tasks:
            - name: sum
              java:
                mainClass: com.example.Merge
                classpath: [hdfs:///libs/merge.jar]
                args: [a, b]
      """;

  @Test
  void readsEveryFieldOfAYamlSpec() throws Exception {
    JobSpec spec = JobSpecParser.parse(WORDCOUNT, Format.YAML);
    assertEquals("wordcount", spec.name());
    assertEquals("batch", spec.role());
    assertEquals(8, spec.maxParallelTasks());
    assertEquals(FailurePolicy.CONTINUE, spec.failurePolicy());
    assertEquals(Optional.of("hdfs:///jobs/wc"), spec.outputDir());
    StageSpec count = spec.stages().get(0);
    assertEquals(new ForEachSpec(List.of("/data/words.txt"), SplitMode.BLOCKS, false), count.forEach().orElseThrow());
    TaskSpec t = count.template();
    assertEquals("count", t.name());
    assertEquals(new Program.Shell("wc -w"), t.program());
    assertEquals(new TaskResources(0.5, 128, 0), t.resources());
    assertEquals(Map.of("LANG", "C"), t.env());
    assertEquals(new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(1)), t.retries());
    assertEquals(Optional.of(Duration.ofMinutes(10)), t.timeout());
    StageSpec merge = spec.stages().get(1);
    assertEquals(List.of("count"), merge.dependsOn());
    assertEquals(new Program.Java("com.example.Merge", List.of("hdfs:///libs/merge.jar"), List.of("a", "b"), List.of()),
        merge.tasks().get(0).program());
  }

  @Test
  void readsJsonToo() throws Exception {
    JobSpec spec = JobSpecParser.parse("""
        {"name": "j", "stages": [{"name": "s", "tasks": [{"name": "t", "command": "true"}]}]}
        """, Format.JSON);
    assertEquals(FailurePolicy.STOP, spec.failurePolicy());
    assertEquals(RetryPolicy.NONE, spec.stages().get(0).tasks().get(0).retries());
    assertEquals(TaskResources.DEFAULT, spec.stages().get(0).tasks().get(0).resources());
  }

  @Test
  void namesAnUnknownFieldAndWhereItIs() {
    JobSpecException e = assertThrows(JobSpecException.class, () -> JobSpecParser.parse("""
        name: j
        stages:
          - name: s
            tasks:
              - name: t
                command: "true"
                memory: 12
        """, Format.YAML));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().startsWith("unknown field 'memory' in stages[0].tasks[0]"), e.getMessage());
  }

  @Test
  void namesTheCycleInDependsOn() {
    JobSpecException e = assertThrows(JobSpecException.class, () -> JobSpecParser.parse("""
        name: j
        stages:
          - {name: a, dependsOn: [c], tasks: [{name: t, command: x}]}
          - {name: b, dependsOn: [a], tasks: [{name: t, command: x}]}
          - {name: c, dependsOn: [b], tasks: [{name: t, command: x}]}
        """, Format.YAML));
    assertEquals(List.of("dependsOn has a cycle: a -> c -> b -> a"), e.problems());
  }

  @Test
  void rejectsNegativeResourcesNamingTheField() {
    JobSpecException e = assertThrows(JobSpecException.class, () -> JobSpecParser.parse("""
        name: j
        stages:
          - name: s
            tasks: [{name: t, command: x, resources: {cpus: 1, mem: -5}}]
        """, Format.YAML));
    assertEquals(List.of("stages[0].tasks[0].resources.mem: must not be negative, got -5.0"), e.problems());
  }

  @Test
  void reportsEveryProblemAtOnce() {
    JobSpecException e = assertThrows(JobSpecException.class, () -> JobSpecParser.parse("""
        name: "bad name"
        maxParallelTasks: 0
        failurePolicy: sometimes
        stages:
          - name: s
            dependsOn: [nowhere]
            tasks: [{name: t, command: x, retries: {maxAttempts: 0}, timeout: soon}]
          - name: s
            tasks: []
        """, Format.YAML));
    List<String> p = e.problems();
    assertTrue(p.contains("failurePolicy: must be 'stop' or 'continue', got 'sometimes'"), p.toString());
    assertTrue(p.contains("stages[0].tasks[0].timeout: must be a duration such as 500ms, 30s, 5m or 1h, got 'soon'"),
        p.toString());
    assertTrue(p.contains("name: 'bad name' is not a valid name (1-63 of [A-Za-z0-9_-], starting with a letter or digit)"),
        p.toString());
    assertTrue(p.contains("maxParallelTasks: must be at least 1, got 0"), p.toString());
    assertTrue(p.contains("stages[0].tasks[0].retries.maxAttempts: must be between 1 and 100, got 0"), p.toString());
    assertTrue(p.contains("stages[1].name: another stage is also named 's'"), p.toString());
    assertTrue(p.contains("stages[1].tasks: a stage needs at least one task"), p.toString());
    assertTrue(p.contains("stages[0].dependsOn: no stage is named 'nowhere' (stages: s, s)"), p.toString());
  }

  @Test
  void aTaskNeedsExactlyOneProgram() {
    JobSpecException e = assertThrows(JobSpecException.class, () -> JobSpecParser.parse("""
        name: j
        stages: [{name: s, tasks: [{name: t, command: x, java: {mainClass: M}}]}]
        """, Format.YAML));
    assertEquals(List.of("stages[0].tasks[0]: a task needs exactly one of 'command' (a shell command) or 'java' (a main class)"),
        e.problems());
  }

  @Test
  void reportsSyntaxErrorsWithTheirLine() {
    JobSpecException e = assertThrows(JobSpecException.class,
        () -> JobSpecParser.parse("name: j\nstages: [\n", Format.YAML));
    assertTrue(e.getMessage().startsWith("not valid YAML"), e.getMessage());
    assertTrue(e.getMessage().contains("line"), e.getMessage());
  }
}
