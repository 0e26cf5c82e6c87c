package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.client.FrameworkClient;
import io.meseta.core.allocation.AllocatorConfig;
import io.meseta.core.resources.Resources;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.master.MasterSnapshot;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.slave.Agent;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master and three agents in process, over real Thrift on loopback, with real task processes. */
class ClusterIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private LocalCluster cluster;
  private final List<FrameworkClient> clients = new java.util.ArrayList<>();

  private void startCluster(String agentResources) throws Exception {
    MasterConfig config = MasterConfig.defaults(dir).withPort(0).withPings(Duration.ofMillis(300), 5)
        .withAllocator(AllocatorConfig.DEFAULT);
    cluster = LocalCluster.start(config, 3, dir, Optional.of(Resources.parse(agentResources)));
  }

  private FrameworkClient framework(String name, String role, Workload w) throws Exception {
    FrameworkClient c = FrameworkClient.builder(cluster.masterAddress().toString(),
        new FrameworkInfo(name, "tester").setRole(role), w).build();
    clients.add(c);
    c.start();
    c.awaitRegistered(Duration.ofSeconds(30));
    return c;
  }

  @AfterEach
  void stop() {
    clients.forEach(FrameworkClient::stopAndTeardown);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void threeHundredShortTasksAllFinishExactlyOnce() throws Exception {
    startCluster("cpus:4;mem:4096;disk:1000");
    Workload w = new Workload("short", 300, Resources.cpusMem(0.1, 32), "true", 1000, false);
    framework("three-hundred", "*", w);
    Await.value("300 FINISHED updates", WAIT, () -> w.count(TaskState.FINISHED), n -> n >= 300);
    assertEquals(300, w.count(TaskState.FINISHED), "exactly 300 FINISHED updates");
    assertEquals(300, w.distinctTasksIn(TaskState.FINISHED), "one per task");
    assertEquals(0, w.count(TaskState.FAILED) + w.count(TaskState.LOST) + w.count(TaskState.ERROR));
    Map<String, Long> perAgent = w.taskAgents.values().stream()
        .collect(Collectors.groupingBy(a -> a, Collectors.counting()));
    assertEquals(3, perAgent.size(), "all three agents ran tasks: " + perAgent);
  }

  @Test
  void killingAnAgentReportsItsTasksLostAndRescindsItsOffers() throws Exception {
    startCluster("cpus:2;mem:2048;disk:1000");
    // One long task per offer; the rest of each offer is kept (not declined), so the agent's
    // remaining resources sit in an outstanding offer when it dies.
    Workload w = new Workload("long", 3, Resources.cpusMem(1, 64), "sleep 41.7", 1, true);
    framework("agent-loss", "*", w);
    Await.value("3 tasks running", WAIT, () -> w.count(TaskState.RUNNING), n -> n >= 3);
    Agent victim = cluster.agents().get(0);
    String victimId = victim.agentId().orElseThrow();
    Await.until("an outstanding offer on the victim", WAIT, () -> hasOfferOn(w, victimId));
    victim.crash();
    Await.until("the victim's task reported LOST", WAIT, () -> lostTaskOn(w, victimId));
    Await.until("the victim's offers rescinded", WAIT, () -> !w.rescinded.isEmpty());
    Await.until("the agent reported lost", WAIT, () -> w.lostAgents.contains(victimId));
    for (String rescinded : w.rescinded) {
      assertTrue(offerWasOn(w, rescinded, victimId), "only the victim's offers are rescinded");
    }
    TaskStatus lost = w.updates.stream().filter(u -> u.getState() == TaskState.LOST).findFirst().orElseThrow();
    assertEquals("AGENT_REMOVED", lost.getReason());
    assertEquals(2, cluster.master().metrics().counter("master.agents.registered").getCount()
        - cluster.master().metrics().counter("master.agents.lost").getCount());
    new ProcessBuilder("pkill", "-f", "sleep 41.7").start().waitFor();
  }

  private static boolean hasOfferOn(Workload w, String agentId) {
    synchronized (w.offers) {
      return w.offers.stream().anyMatch(o -> o.getAgentId().equals(agentId));
    }
  }

  private static boolean offerWasOn(Workload w, String offerId, String agentId) {
    synchronized (w.offers) {
      return w.offers.stream().anyMatch(o -> o.getOfferId().equals(offerId) && o.getAgentId().equals(agentId));
    }
  }

  private static boolean lostTaskOn(Workload w, String agentId) {
    synchronized (w.updates) {
      return w.updates.stream().anyMatch(u -> u.getState() == TaskState.LOST && agentId.equals(u.getAgentId()));
    }
  }

  @Test
  void twoFrameworksInDifferentRolesConvergeToTheirDrfShares() throws Exception {
    startCluster("cpus:4;mem:4096;disk:1000");
    // Each has far more short tasks than the cluster holds and takes one task per offer, so every
    // freed CPU is a new allocation decision. DRF must keep the two roles near half of the 12 cpus
    // each. (Exact halves at an instant are not a DRF property with offers in flight: an offer
    // held by one framework counts towards its share until it answers.)
    Workload analytics = new Workload("an", 10_000, Resources.cpusMem(1, 256), "sleep 0.5", 1, false);
    Workload etl = new Workload("etl", 10_000, Resources.cpusMem(1, 256), "sleep 0.5", 1, false);
    framework("analytics", "analytics", analytics);
    framework("etl", "etl", etl);
    Map<String, Double> cpus = averageCpusByRole(analytics, etl);
    double an = cpus.getOrDefault("analytics", 0.0);
    double et = cpus.getOrDefault("etl", 0.0);
    assertTrue(an >= 4.5 && an <= 7.5, "analytics averaged " + an + " of 12 cpus, etl " + et);
    assertTrue(et >= 4.5 && et <= 7.5, "etl averaged " + et + " of 12 cpus, analytics " + an);
    assertTrue(analytics.count(TaskState.FINISHED) > 0 && etl.count(TaskState.FINISHED) > 0);
  }

  @Test
  void aRoleWithTwiceTheWeightGetsTwiceTheShare() throws Exception {
    MasterConfig config = MasterConfig.defaults(dir).withPort(0).withPings(Duration.ofMillis(300), 5)
        .withAllocator(new AllocatorConfig(AllocatorConfig.DEFAULT.minAllocatable(), Map.of("prod", 2.0)));
    cluster = LocalCluster.start(config, 3, dir, Optional.of(Resources.parse("cpus:4;mem:4096;disk:1000")));
    Workload prod = new Workload("prod", 10_000, Resources.cpusMem(1, 256), "sleep 0.5", 1, false);
    Workload dev = new Workload("dev", 10_000, Resources.cpusMem(1, 256), "sleep 0.5", 1, false);
    framework("prod", "prod", prod);
    framework("dev", "dev", dev);
    Map<String, Double> cpus = averageCpusByRole(prod, dev);
    double p = cpus.getOrDefault("prod", 0.0);
    double d = cpus.getOrDefault("dev", 0.0);
    // Weighted DRF: prod's share over 2 equals dev's share, i.e. 8 and 4 of 12 cpus.
    assertTrue(p >= 6.5 && p <= 9.5, "prod averaged " + p + " of 12 cpus, dev " + d);
    assertTrue(d >= 2.5 && d <= 5.5, "dev averaged " + d + " of 12 cpus, prod " + p);
  }

  /**
   * Once both workloads run tasks, the CPUs allocated to each role averaged over 40 snapshots
   * taken 150 ms apart while tasks keep ending and starting.
   */
  private Map<String, Double> averageCpusByRole(Workload a, Workload b) throws Exception {
    Await.value("both running tasks", WAIT, () -> Math.min(a.count(TaskState.RUNNING), b.count(TaskState.RUNNING)),
        n -> n >= 12);
    Map<String, Double> sum = new java.util.TreeMap<>();
    int samples = 40;
    for (int i = 0; i < samples; i++) {
      for (MasterSnapshot.FrameworkView f : snapshot().frameworks()) {
        sum.merge(f.role(), f.allocated().cpus(), Double::sum);
      }
      Thread.sleep(150);
    }
    sum.replaceAll((role, total) -> total / samples);
    return sum;
  }

  private MasterSnapshot snapshot() throws Exception {
    return cluster.master().snapshot(false);
  }
}
