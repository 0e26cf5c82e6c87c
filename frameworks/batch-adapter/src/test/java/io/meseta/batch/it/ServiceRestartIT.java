package io.meseta.batch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.batch.cli.BatchMain;
import io.meseta.batch.client.BatchClient;
import io.meseta.batch.client.BatchServiceException;
import io.meseta.batch.engine.JobPhase;
import io.meseta.batch.engine.TaskPhase;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.batch.status.JobStatus;
import io.meseta.testing.Await;
import io.meseta.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job service as a real process ({@code BatchMain batch-service}) killed with SIGKILL in the
 * middle of a job and started again on the same state (a directory, or ZooKeeper): the job
 * completes, and every task ran exactly once (each run leaves a marker file in HDFS).
 */
class ServiceRestartIT {
  private BatchTestCluster cluster;
  private Path dir;
  private Process service;
  private int port;

  @BeforeEach
  void start() throws Exception {
    dir = BatchTestCluster.tempDir("batch-restart");
    cluster = BatchTestCluster.start(dir, "cpus:2;mem:2048;disk:1000");
    port = FreePorts.next();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (service != null) {
      service.destroyForcibly().waitFor();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private List<String> store = List.of();

  private Process startService(int n) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), BatchMain.class.getName(), "batch-service", "--master", cluster.master(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--hadoop-conf-dir", cluster.hadoopConf.toString()));
    command.addAll(store);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("service-" + n + ".log").toFile());
    return pb.start();
  }

  private BatchClient awaitService() {
    BatchClient client = BatchClient.connect("127.0.0.1:" + port);
    Await.until("the batch service answers", Duration.ofSeconds(60), () -> {
      try {
        client.list();
        return true;
      } catch (BatchServiceException e) {
        return false;
      }
    });
    return client;
  }

  @Test
  void aServiceKilledMidJobAndRestartedOnItsStateDirCompletesItWithoutRunningFinishedTasksAgain() throws Exception {
    store = List.of("--state-dir", dir.resolve("batch-state").toString());
    killAndRestartMidJob();
  }

  @Test
  void aServiceKilledMidJobAndRestartedOnZooKeeperCompletesItWithoutRunningFinishedTasksAgain() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      store = List.of("--zk", "zk://" + zk.getConnectString() + "/meseta/batch");
      killAndRestartMidJob();
    }
  }

  private void killAndRestartMidJob() throws Exception {
    service = startService(1);
    BatchClient client = awaitService();
    String out = cluster.hdfsUri("/jobs/restart");
    String mark = BatchTestCluster.taskCommand("mark");
    String env = BatchTestCluster.taskEnv() + ", resources: {cpus: 0.2, mem: 384}";
    String job = client.submit("""
        name: restart
        outputDir: %s
        stages:
          - name: first
            tasks: [{name: a, command: '%s', env: %s}, {name: b, command: '%s', env: %s},
                    {name: c, command: '%s', env: %s}, {name: d, command: '%s', env: %s}]
          - name: second
            dependsOn: [first]
            tasks: [{name: a, command: 'sleep 3; %s', env: %s}, {name: b, command: 'sleep 3; %s', env: %s}]
          - name: third
            dependsOn: [second]
            tasks: [{name: a, command: '%s', env: %s}]
        """.formatted(out, mark, env, mark, env, mark, env, mark, env, mark, env, mark, env, mark, env), Format.YAML);
    JobStatus midway = Await.value("the second stage runs", Duration.ofMinutes(2), () -> status(client, job),
        s -> s.phase().isTerminal() || s.count(TaskPhase.FINISHED) == 4 && s.count(TaskPhase.RUNNING) == 2);
    assertEquals(JobPhase.RUNNING, midway.phase(), midway.tasks().toString());

    service.destroyForcibly().waitFor(); // SIGKILL
    service = startService(2);
    BatchClient again = awaitService();
    JobStatus end = Await.value("the job ends", Duration.ofMinutes(2), () -> status(again, job),
        s -> s.phase().isTerminal());

    assertEquals(JobPhase.SUCCEEDED, end.phase(), end.tasks().toString());
    Map<String, Integer> runs = new TreeMap<>();
    for (FileStatus f : cluster.hdfs.fs().listStatus(new org.apache.hadoop.fs.Path(out + "/runs"))) {
      String name = f.getPath().getName();
      runs.merge(name.substring(0, nthDot(name, 2)), 1, Integer::sum);
    }
    Map<String, Integer> once = new TreeMap<>();
    for (String key : List.of("first.a", "first.b", "first.c", "first.d", "second.a", "second.b", "third.a")) {
      once.put(key, 1);
    }
    assertEquals(once, runs, "every task ran exactly once");
    List<Integer> attempts = new ArrayList<>();
    end.tasks().forEach(t -> attempts.add(t.attempts()));
    assertTrue(attempts.stream().allMatch(a -> a == 1), attempts.toString());
    service.destroyForcibly().waitFor();
    service = null;
  }

  /** The index of the {@code n}th dot: marker names are STAGE.TASK.ATTEMPT.NANOS. */
  private static int nthDot(String s, int n) {
    int i = -1;
    for (int k = 0; k < n; k++) {
      i = s.indexOf('.', i + 1);
    }
    return i;
  }

  private static JobStatus status(BatchClient client, String job) {
    try {
      return client.status(job).orElseThrow();
    } catch (BatchServiceException e) {
      throw new AssertionError(e);
    }
  }
}
