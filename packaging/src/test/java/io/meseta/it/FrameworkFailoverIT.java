package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.client.FrameworkClient;
import io.meseta.core.resources.Resources;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A framework that goes away keeps its tasks for its failover timeout, and no longer. */
class FrameworkFailoverIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private LocalCluster cluster;
  private FrameworkClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private void startCluster() throws Exception {
    MasterConfig config = MasterConfig.defaults(dir).withPort(0).withFrameworkTimeout(Duration.ofSeconds(1));
    cluster = LocalCluster.builder(config, dir).agents(1).isolation(SharedHost.ISOLATION)
        .agentResources(Optional.of(Resources.parse("cpus:2;mem:1024;disk:1000"))).start();
  }

  private FrameworkClient client(Workload w, FrameworkInfo info, Duration failoverTimeout) throws Exception {
    FrameworkClient c = FrameworkClient.builder(cluster.masterAddress(), info, w)
        .failoverTimeout(failoverTimeout).implicitAcknowledgements(false).build();
    c.start();
    c.awaitRegistered(WAIT);
    return c;
  }

  @Test
  void aFrameworkThatComesBackGetsItsUnacknowledgedUpdates() throws Exception {
    startCluster();
    Path go = dir.resolve("go");
    Workload first = new Workload("t", 1, Resources.cpusMem(0.5, 32), "until [ -e " + go + " ]; do sleep 0.1; done",
        1, false);
    first.leaveUnacknowledged = java.util.EnumSet.of(TaskState.FINISHED);
    client = client(first, new FrameworkInfo("comes-back", SharedHost.USER), Duration.ofMinutes(5));
    String frameworkId = client.frameworkId().orElseThrow();
    Await.until("t-1 RUNNING", WAIT, () -> first.count(TaskState.RUNNING) >= 1);
    client.stop(); // gone without teardown, nothing acknowledged
    client = null;

    Files.createFile(go); // the task ends while its framework is away
    Await.until("the task's process ended", WAIT,
        () -> cluster.agents().get(0).tasks().stream().allMatch(t -> t.state().isTerminal()));
    assertEquals(1, cluster.master().snapshot(false).frameworks().size(), "the framework is kept");

    Workload second = new Workload("t", 0, Resources.cpusMem(0.5, 32), "true", 1, false);
    client = client(second, new FrameworkInfo("comes-back", SharedHost.USER).setFrameworkId(frameworkId),
        Duration.ofMinutes(5));
    assertEquals(frameworkId, client.frameworkId().orElseThrow(), "re-registered with its id");
    Await.until("the FINISHED update delivered after re-registration", WAIT,
        () -> second.count(TaskState.FINISHED) >= 1);
    TaskStatus finished = second.updates.stream().filter(u -> u.getState() == TaskState.FINISHED)
        .findFirst().orElseThrow();
    assertEquals("t-1", finished.getTaskId());
    client.acknowledge(finished);
    Await.until("the agent forgets the acknowledged task", WAIT, () -> cluster.agents().get(0).tasks().isEmpty());
  }

  @Test
  void aFrameworkThatNeverComesBackHasItsTasksKilledAfterItsTimeout() throws Exception {
    startCluster();
    Workload w = new Workload("t", 2, Resources.cpusMem(0.5, 32), "sleep 43.1", 2, false);
    w.leaveUnacknowledged = java.util.EnumSet.noneOf(TaskState.class);
    client = client(w, new FrameworkInfo("gone", SharedHost.USER), Duration.ofSeconds(2));
    Await.until("both tasks RUNNING", WAIT, () -> w.count(TaskState.RUNNING) >= 2);
    client.stop();
    client = null;
    Await.until("the framework removed", WAIT, () -> cluster.master().snapshot(false).frameworks().isEmpty());
    Await.until("its tasks killed on the agent", WAIT, () -> cluster.agents().get(0).tasks().stream()
        .allMatch(t -> t.state() == io.meseta.core.task.TaskState.KILLED) || cluster.agents().get(0).tasks().isEmpty());
    Await.until("its resources back in the pool", WAIT,
        () -> cluster.master().snapshot(false).agents().get(0).used().isEmpty());
    List<String> procs = List.of(new String(new ProcessBuilder("pgrep", "-f", "sleep 43.1").start()
        .getInputStream().readAllBytes()).trim());
    assertTrue(procs.get(0).isEmpty(), "no task process left: " + procs);
  }
}
