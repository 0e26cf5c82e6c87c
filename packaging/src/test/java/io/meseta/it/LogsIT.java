package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.client.FrameworkClient;
import io.meseta.core.resources.Resources;
import io.meseta.discovery.MasterAddress;
import io.meseta.it.Scripts.Result;
import io.meseta.local.AgentConfigs;
import io.meseta.local.EmbeddedHdfs;
import io.meseta.master.MasterConfig;
import io.meseta.master.MesetaMaster;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.transport.HostPort;
import io.meseta.slave.Agent;
import io.meseta.testing.Await;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/meseta logs} (a real process) against a master and an agent whose log archive is a real
 * HDFS ({@link EmbeddedHdfs}): a running task's output comes from the agent's {@code /files/read}
 * (followed with {@code -f} until the task ends), a finished task's from HDFS once its agent is gone.
 */
class LogsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private EmbeddedHdfs hdfs;
  private MesetaMaster master;
  private Agent agent;
  private FrameworkClient client;
  private Scripts scripts;
  private String masterFlag;
  private URI archive;
  private Path hadoopConf;

  @BeforeEach
  void start() throws Exception {
    hdfs = EmbeddedHdfs.start(dir.resolve("hdfs"), List.of("localhost"), List.of("/r1"));
    hadoopConf = hdfs.writeConfDir(dir.resolve("hadoop-conf"));
    archive = URI.create(hdfs.uri() + "/meseta/logs");
    master = MesetaMaster.start(MasterConfig.defaults(dir.resolve("master")).withPort(0)
        .withPings(Duration.ofMillis(300), 10));
    masterFlag = "localhost:" + master.port();
    agent = Agent.start(AgentConfigs.loopback(new MasterAddress.Fixed(new HostPort("localhost", master.port())),
            "localhost", dir.resolve("agent")).resources(Resources.parse("cpus:2;mem:1024;disk:1000"))
        .isolation(SharedHost.ISOLATION).hadoopConfDir(hadoopConf).logArchiveDir(archive).build());
    agent.awaitRegistered(WAIT);
    scripts = new Scripts(dir);
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.stopAndTeardown();
    }
    scripts.close();
    agent.close();
    if (master != null) {
      master.close();
    }
    hdfs.close();
  }

  private Workload run(String task, String shell) throws Exception {
    Workload w = new Workload(task, 1, Resources.cpusMem(0.1, 64), shell, 1, false);
    client = FrameworkClient.builder(masterFlag, new FrameworkInfo("logs", SharedHost.USER), w).build();
    client.start();
    return w;
  }

  private Result logs(String... args) throws Exception {
    String[] all = new String[args.length + 5];
    all[0] = "logs";
    System.arraycopy(args, 0, all, 1, args.length);
    System.arraycopy(new String[] {"--master", masterFlag, "--hadoop-conf-dir", hadoopConf.toString()}, 0, all,
        args.length + 1, 4);
    return scripts.run(all);
  }

  @Test
  void aRunningTasksOutputComesFromItsAgentAndIsFollowedUntilItEnds() throws Exception {
    Path release = dir.resolve("release");
    Workload w = run("live", "echo start; echo warning >&2; while [ ! -e " + release + " ]; do sleep 0.1; done; "
        + "echo end");
    Await.value("live-1 runs", WAIT, () -> w.count(TaskState.RUNNING), n -> n >= 1);
    Path sandbox = dir.resolve("agent/sandboxes").resolve(client.frameworkId().orElseThrow()).resolve("live-1");
    Await.until("live-1 writes start", WAIT, () -> read(sandbox.resolve("stdout")).equals("start\n"));

    Result now = logs("live-1");
    assertEquals(0, now.code(), now.describe());
    assertEquals("start\n", now.out(), "what the task wrote so far, from its agent");
    Result err = logs("live-1", "--stderr");
    assertEquals("warning\n", err.out(), err.describe());

    Process follow = scripts.start("follow", "logs", "live-1", "-f", "--master", masterFlag);
    Path followed = dir.resolve("follow.out");
    Await.until("logs -f prints start", WAIT, () -> read(followed).equals("start\n"));
    assertTrue(follow.isAlive(), "logs -f waits while the task runs");
    Files.writeString(release, "go");
    Await.until("logs -f ends with the task", WAIT, () -> !follow.isAlive());
    assertEquals(0, follow.exitValue(), read(dir.resolve("follow.err")));
    assertEquals("start\nend\n", read(followed));
  }

  @Test
  void aFinishedTasksOutputComesFromTheArchiveOnceItsAgentIsGone() throws Exception {
    Workload w = run("done", "echo out-line; echo err-line >&2");
    Await.value("done-1 finishes", WAIT, () -> w.count(TaskState.FINISHED), n -> n >= 1);
    String fw = client.frameworkId().orElseThrow();
    FileSystem fs = hdfs.fs();
    org.apache.hadoop.fs.Path archived = new org.apache.hadoop.fs.Path(archive + "/" + fw.replace(':', '_')
        + "/done-1/stderr");
    Await.until("the agent archives done-1's output in HDFS", WAIT, () -> exists(fs, archived));

    agent.close(); // the agent and its sandboxes are out of reach now
    Result out = logs("done-1", "--archive", archive.toString());
    assertEquals(0, out.code(), out.describe());
    assertEquals("out-line\n", out.out());
    Result err = logs("done-1", "--stderr", "--archive", archive.toString());
    assertEquals("err-line\n", err.out(), err.describe());

    client.stopAndTeardown();
    client = null;
    master.close(); // not even the master knows the task now: the archive is searched for its framework
    master = null;
    Result orphan = logs("done-1", "--archive", archive.toString());
    assertEquals(0, orphan.code(), orphan.describe());
    assertEquals("out-line\n", orphan.out());
  }

  @Test
  void aTaskNeitherTheMasterNorTheArchiveHasIsReportedClearly() throws Exception {
    Result unknown = logs("no-such-task", "--archive", archive.toString());
    assertEquals(2, unknown.code(), unknown.describe());
    assertTrue(unknown.err().contains("neither the master nor the log archive has task no-such-task"),
        unknown.describe());
    assertTrue(unknown.err().contains("does not know task no-such-task"), unknown.describe());

    Result noArchive = logs("no-such-task");
    assertEquals(2, noArchive.code(), noArchive.describe());
    assertTrue(noArchive.err().contains("no log archive is configured"), noArchive.describe());

    Result badId = logs("bad/id");
    assertEquals(2, badId.code(), badId.describe());
    assertTrue(badId.err().contains("task id"), badId.describe());
  }

  private static boolean exists(FileSystem fs, org.apache.hadoop.fs.Path p) {
    try {
      return fs.exists(p);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
