package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.client.FrameworkClient;
import io.meseta.core.resources.Resources;
import io.meseta.hdfs.fetch.FetchMetrics;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.CommandUri;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.slave.Agent;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks fetch from HDFS through the agent: an archive is extracted into the sandbox and a script
 * inside it runs; the second task on the agent gets it from the agent's cache; a missing file
 * fails the task naming its URI.
 */
@ExtendWith(LoopbackHdfs.Extension.class)
class HdfsFetchIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;

  private static LoopbackHdfs hdfs;
  private static LocalCluster cluster;
  private static FrameworkClient client;
  private static final OfferProbe probe = new OfferProbe();
  private static String archive;

  @BeforeAll
  static void start(LoopbackHdfs loopbackHdfs) throws Exception {
    hdfs = loopbackHdfs;
    Path tool = Files.createDirectories(dir.resolve("pack/tool"));
    Files.writeString(tool.resolve("run.sh"), "#!/bin/sh\necho \"tool ran with $1 in $(pwd)\"\n");
    Path tarball = dir.resolve("tools.tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", dir.resolve("pack").toString(), "tool")
        .inheritIO().start();
    assertEquals(0, tar.waitFor(), "tar");
    org.apache.hadoop.fs.Path in = hdfs.dir("fetch");
    hdfs.fs().copyFromLocalFile(new org.apache.hadoop.fs.Path(tarball.toUri()), in);
    archive = hdfs.uri() + "/tests/fetch/tools.tar.gz";

    MasterConfig config = MasterConfig.defaults(dir.resolve("cluster")).withPort(0);
    cluster = LocalCluster.builder(config, dir.resolve("cluster")).agents(1)
        .agentHosts(RackedCluster.AGENTS.subList(0, 1))
        .agentResources(Optional.of(Resources.parse("cpus:2;mem:1024;disk:1000")))
        .hadoopConfDir(hdfs.writeConfDir(dir.resolve("hadoop-conf"))).start();
    cluster.agents().get(0).awaitRegistered(WAIT);
    client = FrameworkClient.builder(cluster.masterAddress(), new FrameworkInfo("fetcher", "tester"), probe).build();
    client.start();
    client.awaitRegistered(WAIT);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.stopAndTeardown();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static CommandInfo withUri(String uri, String shell) {
    return new CommandInfo().setShell(shell).setUris(List.of(new CommandUri(uri).setExtract(true)));
  }

  private static TaskStatus ended(String id) {
    return Await.value(id + " ended", WAIT, () -> probe.latest(id).filter(s -> s.getState() == TaskState.FINISHED
        || s.getState() == TaskState.FAILED || s.getState() == TaskState.LOST).orElse(null), s -> s != null);
  }

  private static String stdout(String taskId) throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("cluster"))) {
      Path out = files.filter(p -> p.getFileName().toString().equals("stdout") && p.getParent().getFileName()
          .toString().equals(taskId)).findFirst().orElseThrow(() -> new AssertionError("no stdout of " + taskId));
      return Files.readString(out);
    }
  }

  private static long counter(String name) {
    Agent agent = cluster.agents().get(0);
    return agent.metrics().counter(FetchMetrics.PREFIX + name).getCount();
  }

  @Test
  void anArchiveFromHdfsIsExtractedRunAndCachedForTheNextTask() throws Exception {
    long hitsBefore = counter("cache.hits");
    long downloadsBefore = counter("downloads");
    probe.launch(withUri(archive, "sh tool/run.sh first"));
    TaskStatus first = ended("probe-1");
    assertEquals(TaskState.FINISHED, first.getState(), first.toString());
    assertTrue(stdout("probe-1").contains("tool ran with first"), stdout("probe-1"));

    probe.launch(withUri(archive, "sh tool/run.sh second"));
    TaskStatus second = ended("probe-2");
    assertEquals(TaskState.FINISHED, second.getState(), second.toString());
    assertTrue(stdout("probe-2").contains("tool ran with second"), stdout("probe-2"));
    assertEquals(1, counter("downloads") - downloadsBefore, "downloaded once");
    assertEquals(1, counter("cache.hits") - hitsBefore, "the second fetch came from the cache");

    String missing = hdfs.uri() + "/tests/fetch/no-such-tools.tar.gz";
    probe.launch(withUri(missing, "sh tool/run.sh third"));
    TaskStatus third = ended("probe-3");
    assertEquals(TaskState.FAILED, third.getState(), third.toString());
    assertTrue(third.getMessage().contains(missing), third.getMessage());
  }
}
