package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.client.FrameworkClient;
import io.meseta.core.resources.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.discovery.LeaderInfo;
import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.ZkSettings;
import io.meseta.discovery.ZkUrl;
import io.meseta.local.AgentConfigs;
import io.meseta.local.EmbeddedZooKeeper;
import io.meseta.slave.Agent;
import io.meseta.testing.FreePorts;
import java.util.ArrayList;
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
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code bin/meseta master --zk} processes elected through a real ZooKeeper, three
 * agents, and a framework running 500 short tasks while the leading master is SIGKILLed twice.
 */
class FailoverIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Set<TaskState> TERMINAL = EnumSet.of(TaskState.FINISHED, TaskState.FAILED,
      TaskState.KILLED, TaskState.LOST, TaskState.ERROR);

  @TempDir
  Path dir;

  private final List<Agent> agents = new ArrayList<>();
  private final Map<Integer, Process> masters = new HashMap<>();
  private EmbeddedZooKeeper zk;
  private Scripts scripts;
  private FrameworkClient client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.stopAndTeardown();
    }
    agents.forEach(Agent::close);
    if (scripts != null) {
      scripts.close();
    }
    if (zk != null) {
      zk.close();
    }
  }

  private void startMaster(ZkUrl url, int port, String name) throws Exception {
    masters.put(port, scripts.start(name, "master", "--zk", url.toString(), "--port", Integer.toString(port),
        "--hostname", "localhost", "--work-dir", dir.resolve(name).toString(), "--agent-ping-interval", "500ms",
        "--max-missed-pings", "10"));
  }

  @Test
  void fiveHundredTasksSurviveTwoLeaderFailovers() throws Exception {
    scripts = new Scripts(dir);
    zk = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zookeeper"));
    ZkUrl url = ZkUrl.parse("zk://" + zk.connectString() + "/meseta");
    for (int i = 1; i <= 3; i++) {
      startMaster(url, FreePorts.next(), "master-" + i);
    }
    MasterAddress address = new MasterAddress.ZooKeeper(url);
    for (int i = 1; i <= 3; i++) {
      agents.add(Agent.start(AgentConfigs.loopback(address, "localhost", dir.resolve("agent-" + i))
          .resources(Resources.parse("cpus:2;mem:2048;disk:1000")).isolation(SharedHost.ISOLATION).build()));
    }
    Path launches = dir.resolve("launches.log");
    Workload w = new Workload("t", 500, Resources.cpusMem(0.25, 32),
        "echo $MESETA_TASK_ID >> " + launches + "; sleep 0.2", 4, false);
    client = FrameworkClient.builder(address, new FrameworkInfo("failover", SharedHost.USER), w)
        .failoverTimeout(Duration.ofMinutes(5)).build();
    client.start();
    String frameworkId = client.awaitRegistered(WAIT);

    for (int failover = 1; failover <= 2; failover++) {
      long target = 150L * failover;
      Await.value(target + " tasks finished", WAIT, () -> w.distinctTasksIn(TaskState.FINISHED), n -> n >= target);
      LeaderInfo leader = leader(url);
      Process victim = masters.remove(leader.port());
      victim.destroyForcibly(); // SIGKILL: its ZooKeeper session lives on until it expires
      victim.waitFor();
      LeaderInfo next = Await.value("a new leader", WAIT, () -> leaderOrNull(url),
          l -> l != null && !l.masterId().equals(leader.masterId()));
      assertNotEquals(leader.port(), next.port());
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

    Resources agentTotal = agents.get(0).total();
    Set<String> offerIds = new HashSet<>();
    synchronized (w.offers) {
      for (Offer o : w.offers) {
        assertTrue(offerIds.add(o.getOfferId()), "offer " + o.getOfferId() + " was made twice");
        assertEquals(frameworkId, o.getFrameworkId());
        assertTrue(agentTotal.contains(ResourceCodec.fromWire(o.getResources())),
            "an offer holds more than its agent: " + o);
      }
    }
    Scripts.Result state = scripts.run("state", "--master", url.toString(), "--json");
    assertEquals(0, state.code(), state.describe());
    JsonNode agentsSeen = new ObjectMapper().readTree(state.out()).get("agents");
    assertEquals(3, agentsSeen.size(), state.out());
    agentsSeen.forEach(a -> assertTrue(a.get("active").asBoolean(), "every agent re-registered: " + state.out()));
  }

  private LeaderInfo leader(ZkUrl url) {
    return Await.value("a leader", WAIT, () -> leaderOrNull(url), l -> l != null);
  }

  private LeaderInfo leaderOrNull(ZkUrl url) {
    try (org.apache.curator.framework.CuratorFramework c = ZkSettings.DEFAULT.newClient(url)) {
      c.start();
      c.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS);
      return c.checkExists().forPath(url.leaderPath()) == null ? null
          : LeaderInfo.fromBytes(c.getData().forPath(url.leaderPath()));
    } catch (Exception e) {
      return null;
    }
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
