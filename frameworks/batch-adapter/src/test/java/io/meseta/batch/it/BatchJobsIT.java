package io.meseta.batch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.batch.cli.BatchMain;
import io.meseta.batch.client.BatchClient;
import io.meseta.batch.engine.JobPhase;
import io.meseta.batch.engine.TaskPhase;
import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.service.JobService;
import io.meseta.batch.service.ServiceConfig;
import io.meseta.batch.spec.JobSpecException;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.batch.status.JobStatus;
import io.meseta.core.task.TaskState;
import io.meseta.master.MasterSnapshot.TaskView;
import io.meseta.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs end to end: a MiniDFSCluster whose data nodes are the agents' hosts, a master with three
 * agents, and the job service in this JVM, driven through its HTTP API ({@link BatchClient}) and
 * the command line. Tasks are real processes (shell commands, and JVMs for the word count).
 */
class BatchJobsIT {
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

  private static BatchTestCluster cluster;
  private static JobService service;
  private static BatchClient client;

  @BeforeAll
  static void start() throws Exception {
    java.nio.file.Path dir = BatchTestCluster.tempDir("batch-jobs");
    cluster = BatchTestCluster.start(dir, "cpus:2;mem:2048;disk:1000");
    service = JobService.start(ServiceConfig.defaults(cluster.master(), dir.resolve("batch-state")).withPort(0)
        .withHadoopConfDir(Optional.of(cluster.hadoopConf)));
    client = BatchClient.connect("127.0.0.1:" + service.address().getPort());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static JobStatus awaitEnd(String jobId) {
    return Await.value("job " + jobId + " ends", JOB_TIMEOUT, () -> service.job(jobId).orElseThrow(),
        s -> s.phase().isTerminal());
  }

  private static TaskRecord task(JobStatus s, String key) {
    return s.tasks().stream().filter(t -> t.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void aTwoStageWordCountMatchesADirectCountAndRunsMostlyNodeLocal() throws Exception {
    Map<String, Long> expected = cluster.writeWords("/data/words.txt", 3_500_000, 7);
    String out = cluster.hdfsUri("/jobs/wordcount");
    String spec = """
        name: wordcount
        outputDir: %s
        stages:
          - name: count
            forEach: {input: %s}
            task:
              command: '%s'
              resources: {cpus: 0.5, mem: 384}
              env: %s
          - name: merge
            dependsOn: [count]
            tasks:
              - name: sum
                command: '%s'
                resources: {cpus: 0.5, mem: 384}
                env: %s
        """.formatted(out, cluster.hdfsUri("/data/words.txt"), BatchTestCluster.taskCommand("count"),
        BatchTestCluster.taskEnv(), BatchTestCluster.taskCommand("merge"), BatchTestCluster.taskEnv());
    String job = client.submit(spec, Format.YAML);
    JobStatus end = awaitEnd(job);
    assertEquals(JobPhase.SUCCEEDED, end.phase(), end.tasks().toString());
    assertEquals(4, end.tasks().stream().filter(t -> t.key().startsWith("count.")).count(), "one task per block");
    assertEquals(expected, WordCountTasks.read(cluster.hdfs.fs(), new org.apache.hadoop.fs.Path(out + "/result")));
    assertEquals(4, end.locality().total());
    assertTrue(end.locality().nodeLocal() * 2 > end.locality().total(), "most node-local: " + end.locality());
  }

  @Test
  void aJavaTaskRunsItsMainClassFromAJarFetchedFromHdfs() throws Exception {
    java.nio.file.Path jar = BatchTestCluster.tempDir("jar").resolve("hello.jar");
    String entry = HelloMain.class.getName().replace('.', '/') + ".class";
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar));
        java.io.InputStream in = HelloMain.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new java.util.jar.JarEntry(entry));
      in.transferTo(out);
    }
    cluster.hdfs.fs().copyFromLocalFile(new org.apache.hadoop.fs.Path(jar.toString()),
        new org.apache.hadoop.fs.Path("/libs/hello.jar"));
    String job = client.submit("""
        name: java
        stages:
          - name: s
            tasks:
              - name: t
                java: {mainClass: %s, classpath: ['%s'], args: [big, "wide world"], jvmOptions: [-Xmx32m]}
                resources: {cpus: 0.2, mem: 256}
        """.formatted(HelloMain.class.getName(), cluster.hdfsUri("/libs/hello.jar")), Format.YAML);
    JobStatus end = awaitEnd(job);
    assertEquals(JobPhase.SUCCEEDED, end.phase(), end.tasks().toString());
    java.nio.file.Path stdout = cluster.agentWorkDirs().stream()
        .map(d -> d.resolve("sandboxes").resolve(service.frameworkId().orElseThrow()).resolve(job + ".s.t.a1")
            .resolve("stdout"))
        .filter(java.nio.file.Files::exists).findFirst().orElseThrow();
    assertEquals("hello big wide world from s.t\n", java.nio.file.Files.readString(stdout));
  }

  @Test
  void aTaskThatFailsOnceSucceedsOnItsSecondAttempt() throws Exception {
    String job = client.submit("""
        name: flaky
        stages:
          - name: s
            tasks:
              - name: t
                command: 'test "$MESETA_ATTEMPT" -ge 2'
                retries: {maxAttempts: 3, backoff: 200ms}
        """, Format.YAML);
    JobStatus end = awaitEnd(job);
    assertEquals(JobPhase.SUCCEEDED, end.phase());
    assertEquals(2, task(end, "s.t").attempts());
  }

  @Test
  void aTaskThatAlwaysFailsStopsTheJobUnderTheStopPolicy() throws Exception {
    String job = client.submit(failingJob("stop", "sleep 600"), Format.YAML);
    JobStatus end = awaitEnd(job);
    assertEquals(JobPhase.FAILED, end.phase());
    TaskRecord bad = task(end, "bad.t");
    assertEquals(TaskPhase.FAILED, bad.phase());
    assertEquals(2, bad.attempts());
    assertTrue(bad.message().orElseThrow().startsWith("attempt 2 failed: exited with status 3"),
        bad.message().toString());
    assertTrue(Set.of(TaskPhase.KILLED, TaskPhase.SKIPPED).contains(task(end, "other.t").phase()));
    assertEquals(TaskPhase.SKIPPED, task(end, "after.t").phase());
    assertNoLiveTasks(job);
  }

  @Test
  void aTaskThatAlwaysFailsLetsTheRestRunUnderTheContinuePolicy() throws Exception {
    String job = client.submit(failingJob("continue", "true"), Format.YAML);
    JobStatus end = awaitEnd(job);
    assertEquals(JobPhase.FAILED, end.phase());
    assertEquals(TaskPhase.FAILED, task(end, "bad.t").phase());
    assertEquals(TaskPhase.FINISHED, task(end, "other.t").phase());
    assertEquals(TaskPhase.SKIPPED, task(end, "after.t").phase());
  }

  private static String failingJob(String policy, String otherCommand) {
    return """
        name: failing
        failurePolicy: %s
        stages:
          - {name: bad, tasks: [{name: t, command: 'exit 3', retries: {maxAttempts: 2, backoff: 200ms}}]}
          - {name: other, tasks: [{name: t, command: '%s'}]}
          - {name: after, dependsOn: [bad], tasks: [{name: t, command: 'true'}]}
        """.formatted(policy, otherCommand);
  }

  @Test
  void aTaskOverItsTimeoutIsKilledAndRetried() throws Exception {
    String job = client.submit("""
        name: slow
        stages:
          - name: s
            tasks:
              - name: t
                command: 'if [ "$MESETA_ATTEMPT" = 1 ]; then exec sleep 600; fi'
                timeout: 2s
                retries: {maxAttempts: 2, backoff: 100ms}
        """, Format.YAML);
    JobStatus end = awaitEnd(job);
    assertEquals(JobPhase.SUCCEEDED, end.phase());
    assertEquals(2, task(end, "s.t").attempts());
    TaskView first = masterTask(job + ".s.t.a1").orElseThrow();
    assertEquals(TaskState.KILLED, first.state(), "the first attempt was killed at its timeout");
  }

  @Test
  void batchKillStopsEveryRunningTaskOfTheJob() throws Exception {
    String job = client.submit("""
        name: sleepers
        stages:
          - name: s
            tasks:
              - {name: a, command: 'sleep 600'}
              - {name: b, command: 'sleep 600'}
              - {name: c, command: 'sleep 600'}
        """, Format.YAML);
    Await.until("three tasks run", JOB_TIMEOUT,
        () -> service.job(job).orElseThrow().count(TaskPhase.RUNNING) == 3);
    int exit = BatchMain.commandLine().execute("batch", "kill", job, "--service",
        "127.0.0.1:" + service.address().getPort());
    assertEquals(0, exit);
    JobStatus end = awaitEnd(job);
    assertEquals(JobPhase.KILLED, end.phase());
    assertEquals(3, end.count(TaskPhase.KILLED));
    assertNoLiveTasks(job);
  }

  @Test
  void badSpecsAreRejectedAtSubmitNamingTheProblemAndStartNothing() throws Exception {
    int before = service.jobs().size();
    assertRejected("""
        name: cyclic
        stages:
          - {name: a, dependsOn: [b], tasks: [{name: t, command: 'true'}]}
          - {name: b, dependsOn: [a], tasks: [{name: t, command: 'true'}]}
        """, "dependsOn has a cycle: a -> b -> a");
    assertRejected("""
        name: unknown
        stages: [{name: a, tasks: [{name: t, command: 'true', cpu: 1}]}]
        """, "unknown field 'cpu' in stages[0].tasks[0] (known fields: command, env, java, name, resources, retries, "
        + "timeout)");
    assertRejected("""
        name: missing
        stages: [{name: a, forEach: {input: %s}, task: {command: 'true'}}]
        """.formatted(cluster.hdfsUri("/no/such/input")),
        "stage 'a' forEach.input: no such file or directory: " + cluster.hdfsUri("/no/such/input"));
    assertRejected("""
        name: negative
        stages: [{name: a, tasks: [{name: t, command: 'true', resources: {cpus: -1}}]}]
        """, "stages[0].tasks[0].resources.cpus: must not be negative, got -1.0");
    assertEquals(before, service.jobs().size(), "nothing was started");
  }

  @Test
  void theCommandLineSubmitsWaitsShowsStatusListsAndPrintsLogs() throws Exception {
    java.nio.file.Path dir = BatchTestCluster.tempDir("cli");
    java.nio.file.Path spec = java.nio.file.Files.writeString(dir.resolve("hello.yaml"), """
        name: hello
        stages: [{name: s, tasks: [{name: t, command: 'echo hello from $MESETA_TASK_KEY attempt $MESETA_ATTEMPT'}]}]
        """);
    String service = "127.0.0.1:" + BatchJobsIT.service.address().getPort();
    Cli submit = Cli.run("batch", "submit", spec.toString(), "--wait", "--interval", "100ms", "--service", service);
    assertEquals(0, submit.exit, submit.err);
    String job = submit.out.lines().findFirst().orElseThrow();
    assertTrue(submit.out.contains(job + " SUCCEEDED 1/1 done"), submit.out);

    Cli status = Cli.run("batch", "status", job, "--service", service);
    assertEquals(0, status.exit, status.err);
    assertTrue(status.out.lines().anyMatch(l -> l.startsWith("s.t") && l.contains("FINISHED")), status.out);
    Cli list = Cli.run("batch", "list", "--service", service);
    assertTrue(list.out.lines().anyMatch(l -> l.startsWith(job) && l.contains("SUCCEEDED")), list.out);

    List<String> logs = new java.util.ArrayList<>(List.of("batch", "logs", job, "s.t", "--service", service));
    cluster.agentWorkDirs().forEach(d -> logs.addAll(List.of("--agent-work-dir", d.toString())));
    Cli log = Cli.run(logs.toArray(new String[0]));
    assertEquals(0, log.exit, log.err);
    assertEquals("hello from s.t attempt 1\n", log.out);
    // without a work directory here, through bin/meseta logs: the master finds the agent, which serves the file
    String home = System.getProperty("meseta.home");
    System.setProperty("meseta.home", java.nio.file.Path.of("../..").toAbsolutePath().normalize().toString());
    try {
      Cli viaMaster = Cli.run("batch", "logs", job, "s.t", "--service", service);
      assertEquals(0, viaMaster.exit, viaMaster.err);
      assertEquals("hello from s.t attempt 1\n", viaMaster.out);
    } finally {
      if (home == null) {
        System.clearProperty("meseta.home");
      } else {
        System.setProperty("meseta.home", home);
      }
    }

    java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.yaml"), """
        name: bad
        stages: [{name: s, tasks: [{name: t, command: 'true', resources: {mem: -1}}]}]
        """);
    Cli rejected = Cli.run("batch", "submit", bad.toString(), "--service", service);
    assertEquals(2, rejected.exit);
    assertTrue(rejected.err.contains("stages[0].tasks[0].resources.mem: must not be negative, got -1.0"), rejected.err);
    assertEquals(2, Cli.run("batch", "status", "--service", service).exit, "a missing JOB is a usage error");
  }

  /** One in-process run of the batch command line, with its output. */
  private record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      picocli.CommandLine cl = BatchMain.commandLine();
      cl.setOut(new java.io.PrintWriter(out, true));
      cl.setErr(new java.io.PrintWriter(err, true));
      int exit = cl.execute(args);
      return new Cli(exit, out.toString(), err.toString());
    }
  }

  private static void assertRejected(String spec, String problem) {
    JobSpecException e = assertThrows(JobSpecException.class, () -> client.submit(spec, Format.YAML));
    assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(problem)), e.problems().toString());
  }

  private static Optional<TaskView> masterTask(String taskId) {
    return cluster.cluster.master().snapshot(true).tasks().stream().filter(t -> t.id().value().equals(taskId))
        .findFirst();
  }

  private static void assertNoLiveTasks(String job) {
    Await.until("no task of " + job + " is live at the master", Duration.ofSeconds(30),
        () -> cluster.cluster.master().snapshot(false).tasks().stream()
            .noneMatch(t -> t.id().value().startsWith(job + ".") && !t.state().isTerminal()));
  }
}
