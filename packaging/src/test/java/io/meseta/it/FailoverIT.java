package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.client.FrameworkClient;
import io.meseta.core.resources.Resources;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.master.MesetaMaster;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three masters elected through a real ZooKeeper, three agents, and a framework running 500 short
 * tasks while the leading master is stopped twice.
 */
class FailoverIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Set<TaskState> TERMINAL = EnumSet.of(TaskState.FINISHED, TaskState.FAILED,
      TaskState.KILLED, TaskState.LOST, TaskState.ERROR);

  @TempDir
  Path dir;

  private LocalCluster cluster;
  private FrameworkClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.stopAndTeardown();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void fiveHundredTasksSurviveTwoLeaderFailovers() throws Exception {
    MasterConfig config = MasterConfig.defaults(dir).withPort(0).withPings(Duration.ofMillis(500), 10);
    cluster = LocalCluster.start(config, 3, 3, dir, Optional.of(Resources.parse("cpus:2;mem:2048;disk:1000")));
    Path launches = dir.resolve("launches.log");
    Workload w = new Workload("t", 500, Resources.cpusMem(0.25, 32),
        "echo $MESETA_TASK_ID >> " + launches + "; sleep 0.2", 4, false);
    client = FrameworkClient.builder(cluster.masterAddress(), new FrameworkInfo("failover", "tester"), w)
        .failoverTimeout(Duration.ofMinutes(5)).build();
    client.start();
    String frameworkId = client.awaitRegistered(WAIT);

    for (int failover = 1; failover <= 2; failover++) {
      long target = 150L * failover;
      Await.value(target + " tasks finished", WAIT, () -> w.distinctTasksIn(TaskState.FINISHED), n -> n >= target);
      MesetaMaster leader = Await.value("a leader", WAIT, this::leader, Optional::isPresent).get();
      String before = leader.masterId();
      cluster.stopMaster(leader);
      MesetaMaster next = Await.value("a new leader", WAIT, this::leader, Optional::isPresent).get();
      assertNotEquals(before, next.masterId());
    }

    try {
      Await.value("every task ended", WAIT, () -> endedTasks(w).size(), n -> n >= 500);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; tasks not ended, with their last update: " + unended(w), e);
    }
    Map<String, Set<TaskState>> ends = endedTasks(w);
    assertEquals(500, ends.size());
    Map<String, Set<TaskState>> ambiguous = ends.entrySet().stream().filter(e -> e.getValue().size() != 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertEquals(Map.of(), ambiguous, "tasks seen in more than one terminal state");
    // A launch cut off by a failover (accepted at the old leader but not yet persisted, or
    // persisted but not yet sent) ends LOST; nothing else may. At most one round of offers per
    // agent (4 tasks each) can be in flight at each of the two failovers.
    Map<String, Set<TaskState>> notFinished = ends.entrySet().stream()
        .filter(e -> !e.getValue().contains(TaskState.FINISHED))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertTrue(notFinished.values().stream().allMatch(s -> s.equals(EnumSet.of(TaskState.LOST))),
        "tasks that did not finish: " + notFinished);
    assertTrue(notFinished.size() <= 2 * 3 * 4, "tasks lost to the failovers: " + notFinished.keySet());

    Map<String, Long> launchedTimes = Files.readAllLines(launches).stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    Map<String, Long> twice = launchedTimes.entrySet().stream().filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertEquals(Map.of(), twice, "task ids launched more than once");

    Resources agentTotal = cluster.agents().get(0).total();
    Set<String> offerIds = new HashSet<>();
    synchronized (w.offers) {
      for (Offer o : w.offers) {
        assertTrue(offerIds.add(o.getOfferId()), "offer " + o.getOfferId() + " was made twice");
        assertEquals(frameworkId, o.getFrameworkId());
        assertTrue(agentTotal.contains(ResourceCodec.fromWire(o.getResources())),
            "an offer holds more than its agent: " + o);
      }
    }
    assertEquals(3, cluster.master().snapshot(false).agents().size(), "every agent re-registered");
  }

  private Optional<MesetaMaster> leader() {
    return cluster.masters().stream().filter(MesetaMaster::isLeader).findFirst();
  }

  private static Map<String, String> unended(Workload w) {
    Map<String, Set<TaskState>> ended = endedTasks(w);
    Map<String, String> out = new java.util.TreeMap<>();
    w.taskAgents.forEach((task, agent) -> {
      if (!ended.containsKey(task)) {
        out.put(task, "agent " + agent + ", no update");
      }
    });
    synchronized (w.updates) {
      for (TaskStatus u : w.updates) {
        if (out.containsKey(u.getTaskId())) {
          out.put(u.getTaskId(), "agent " + u.getAgentId() + ", " + u.getState() + " " + u.getReason() + " "
              + u.getMessage());
        }
      }
    }
    return out;
  }

  private static Map<String, Set<TaskState>> endedTasks(Workload w) {
    Map<String, Set<TaskState>> out = new HashMap<>();
    synchronized (w.updates) {
      for (TaskStatus u : w.updates) {
        if (TERMINAL.contains(u.getState())) {
          out.computeIfAbsent(u.getTaskId(), k -> EnumSet.noneOf(TaskState.class)).add(u.getState());
        }
      }
    }
    return out;
  }
}
