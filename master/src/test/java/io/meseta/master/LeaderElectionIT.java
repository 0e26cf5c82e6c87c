package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.discovery.LeaderInfo;
import io.meseta.protocol.thrift.AgentSummary;
import io.meseta.protocol.thrift.ClusterStateRequest;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.HeartbeatRequest;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.PollEventsRequest;
import io.meseta.protocol.thrift.RegisterFrameworkRequest;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three masters on one ZooKeeper: one leads, the others point to it, and a successor recovers. */
class LeaderElectionIT {
  @TempDir
  Path dir;

  private ZkMasters cluster;

  @BeforeEach
  void startMasters() throws Exception {
    cluster = new ZkMasters(dir, Duration.ofSeconds(2));
    for (int i = 0; i < 3; i++) {
      cluster.start();
    }
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void exactlyOneLeadsAndTheStandbysNameIt() throws Exception {
    MesetaMaster leader = cluster.awaitLeader();
    String address = ZkMasters.address(leader);
    try (CuratorFramework reader = CuratorFrameworkFactory.newClient(cluster.zk.getConnectString(),
        new RetryOneTime(100))) {
      reader.start();
      assertTrue(reader.blockUntilConnected(10, TimeUnit.SECONDS));
      LeaderInfo published = LeaderInfo.fromBytes(reader.getData().forPath(cluster.url.leaderPath()));
      assertEquals(new LeaderInfo("127.0.0.1", leader.port(), leader.masterId()), published);
    }
    assertEquals(1, leader.metrics().getGauges().get("master.elected").getValue());

    List<MesetaMaster> standbys = cluster.standbys();
    assertEquals(2, standbys.size());
    for (MesetaMaster standby : standbys) {
      assertEquals(0, standby.metrics().getGauges().get("master.elected").getValue());
      Await.until("the standby knows the leader", MasterWire.WAIT,
          () -> standby.leaderAddress().filter(address::equals).isPresent());
      try (MasterWire wire = MasterWire.to(standby)) {
        for (MasterWire.WireCall call : List.<MasterWire.WireCall>of(
            () -> wire.scheduler.registerFramework(new RegisterFrameworkRequest(new FrameworkInfo("f", "u"))),
            () -> wire.scheduler.pollEvents(new PollEventsRequest("F1", 1, 0)),
            () -> wire.agents.registerAgent(new FakeAgentRegistration().request()),
            () -> wire.agents.heartbeat(new HeartbeatRequest("S1")),
            () -> wire.operator.getState(new ClusterStateRequest()),
            () -> wire.scheduler.accept(new io.meseta.protocol.thrift.AcceptRequest(null, null, null)))) {
          MesetaError e = MasterWire.notLeader(call);
          assertEquals(address, e.getLeader(), e.getMessage());
          assertTrue(e.getMessage().contains(address), e.getMessage());
        }
      }
    }
  }

  @Test
  void aNewLeaderRecoversTheRegistryAndIssuesNoIdTwice() throws Exception {
    MesetaMaster first = cluster.awaitLeader();
    try (FakeAgent agent = FakeAgent.start("cpus:4;mem:4096")) {
      String a1;
      String fid;
      TaskInfo t1;
      try (MasterWire wire = MasterWire.to(first)) {
        a1 = wire.agents.registerAgent(agent.registration()).getAgentId();
        MasterWire.Framework fw = wire.framework("fw", 120).register();
        fid = fw.id;
        t1 = MasterWire.task("t1", a1, "cpus:1;mem:512");
        fw.accept(fw.awaitOffers(a1).get(a1), t1);
        Await.until("t1 reaches the agent", MasterWire.WAIT, () -> agent.launches.size() == 1);
        wire.update(a1, fid, "t1", TaskState.RUNNING, "u1");
      }
      String firstId = first.masterId();
      cluster.stop(first);

      MesetaMaster second = cluster.awaitLeader();
      assertNotEquals(firstId, second.masterId());
      try (MasterWire wire = MasterWire.to(second)) {
        assertEquals(Map.of("t1", TaskState.RUNNING), wire.taskStates());
        assertEquals(List.of(a1), wire.state().getAgents().stream().map(AgentSummary::getAgentId).toList());
        assertFalse(wire.state().getAgents().get(0).isActive());
        assertEquals(a1, wire.agents.registerAgent(agent.reregistration(a1, fid, t1)).getAgentId());
        MasterWire.Framework fw = wire.framework("fw", 120);
        fw.id = fid;
        fw.register();
        assertEquals(fid, fw.id);
        assertEquals(second.masterId(), fw.masterId);
        Offer offer = fw.awaitOffers(a1).get(a1);
        assertTrue(offer.getOfferId().startsWith(second.masterId() + "-O"), offer.getOfferId());
        fw.accept(offer, MasterWire.task("t2", a1, "cpus:1;mem:512"));
        Await.until("t2 reaches the agent", MasterWire.WAIT, () -> agent.launches.size() == 2);
        assertEquals(List.of("t1", "t2"), agent.launchedTasks(), "t1 is not launched again");
        try (FakeAgent other = FakeAgent.start("cpus:1;mem:1")) {
          String a2 = wire.agents.registerAgent(other.registration()).getAgentId();
          assertFalse(Set.of(a1).contains(a2));
          assertTrue(a2.startsWith(second.masterId() + "-S"), a2);
        }
      }
      cluster.stop(second);

      MesetaMaster third = cluster.awaitLeader();
      try (MasterWire wire = MasterWire.to(third)) {
        assertEquals(Map.of("t1", TaskState.RUNNING, "t2", TaskState.STAGING), wire.taskStates());
        assertEquals(2, wire.state().getAgentsSize());
      }
      assertEquals(2, third.metrics().counter("master.recovery.agents").getCount());
      assertEquals(2, third.metrics().counter("master.recovery.tasks").getCount());
    }
  }

  @Test
  void aCorruptRegistryKeepsEveryMasterStandingByUntilItIsRepaired() throws Exception {
    MesetaMaster first = cluster.awaitLeader();
    String bad = cluster.url.registryPath() + "/agents/garbage";
    try (CuratorFramework operator = CuratorFrameworkFactory.newClient(cluster.zk.getConnectString(),
        new RetryOneTime(100))) {
      operator.start();
      assertTrue(operator.blockUntilConnected(10, TimeUnit.SECONDS));
      operator.create().forPath(bad, "{\"id\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      cluster.stop(first);
      for (MesetaMaster m : cluster.masters) {
        Await.until("each master tried to recover and gave up", MasterWire.WAIT,
            () -> m.metrics().timer("master.registry.load").getCount() >= 2);
      }
      assertTrue(cluster.masters.stream().noneMatch(MesetaMaster::isLeader));
      try (MasterWire wire = MasterWire.to(cluster.masters.get(0))) {
        MasterWire.notLeader(() -> wire.operator.getState(new ClusterStateRequest()));
      }
      operator.delete().forPath(bad);
    }
    MesetaMaster next = cluster.awaitLeader();
    try (MasterWire wire = MasterWire.to(next)) {
      assertEquals(next.masterId(), wire.state().getMasterId());
    }
  }

  /** A registration whose content does not matter: standbys refuse it before reading it. */
  private static final class FakeAgentRegistration {
    io.meseta.protocol.thrift.RegisterAgentRequest request() {
      return new io.meseta.protocol.thrift.RegisterAgentRequest("127.0.0.1", 1,
          List.of(new io.meseta.protocol.thrift.Resource("cpus").setScalar(1)), List.of());
    }
  }
}
