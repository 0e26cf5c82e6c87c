package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.master.election.ZkElection;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.Offer;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader that loses ZooKeeper stops acting as leader at once: it answers NOT_LEADER, sends no
 * offers and launches nothing, even for offers it made before; the next leader does not honour
 * them either.
 */
class FencingIT {
  @TempDir
  Path dir;

  private ZkMasters cluster;
  private FakeAgent agent;
  private MesetaMaster leader;
  private MasterWire wire;
  private MasterWire.Framework fw;
  private String agentId;
  private Offer offer;

  @BeforeEach
  void leaderOffers() throws Exception {
    cluster = new ZkMasters(dir, Duration.ofSeconds(1));
    cluster.start();
    cluster.start();
    leader = cluster.awaitLeader();
    agent = FakeAgent.start("cpus:2;mem:2048");
    wire = MasterWire.to(leader);
    agentId = wire.agents.registerAgent(agent.registration()).getAgentId();
    fw = wire.framework("fw", 300).register();
    offer = fw.awaitOffers(agentId).get(agentId);
  }

  @AfterEach
  void stop() throws Exception {
    wire.close();
    agent.close();
    cluster.close();
  }

  /** What the fenced leader does when asked to use the offer it made. */
  private void fencedLeaderRefuses() throws Exception {
    MasterWire.notLeader(() -> fw.poll(0));
    MasterWire.notLeader(() -> fw.accept(offer, MasterWire.task("t1", agentId, "cpus:1")));
    MasterWire.notLeader(() -> wire.state());
    assertEquals(0, leader.metrics().getGauges().get("master.elected").getValue());
    assertTrue(agent.launches.isEmpty(), "nothing was launched");
  }

  /** The next leader recovers the framework, but the old leader's offer means nothing to it. */
  private void nextLeaderDoesNotHonourTheOldOffer(MesetaMaster next) throws Exception {
    try (MasterWire w = MasterWire.to(next)) {
      MasterWire.Framework again = w.framework("fw", 300);
      again.id = fw.id;
      again.register();
      MesetaError e = org.junit.jupiter.api.Assertions.assertThrows(MesetaError.class,
          () -> again.accept(offer, MasterWire.task("t1", agentId, "cpus:1")));
      assertEquals(ErrorCode.UNKNOWN_OFFER, e.getCode(), e.getMessage());
    }
    assertTrue(agent.launches.isEmpty(), "nothing was launched");
  }

  @Test
  void aLeaderThatLosesZooKeeperStopsOfferingAtOnce() throws Exception {
    long offersBefore = leader.metrics().counter("master.offers.sent").getCount();
    cluster.zk.stop();
    Await.until("the leader noticed", MasterWire.WAIT, () -> !leader.isLeader());
    long offersWhenFenced = leader.metrics().counter("master.offers.sent").getCount();
    assertTrue(offersWhenFenced >= offersBefore);
    fencedLeaderRefuses();
    assertTrue(cluster.masters.stream().noneMatch(MesetaMaster::isLeader), "nobody leads without ZooKeeper");

    cluster.zk.restart();
    MesetaMaster next = cluster.awaitLeader();
    nextLeaderDoesNotHonourTheOldOffer(next);
    if (next != leader) {
      assertEquals(offersWhenFenced, leader.metrics().counter("master.offers.sent").getCount(),
          "the fenced leader made no offer after it noticed");
    }
  }

  @Test
  void aLeaderWhoseSessionExpiresStepsDownAndAnotherTakesOver() throws Exception {
    ZkElection election = (ZkElection) leader.election();
    election.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    Await.until("the leader noticed", MasterWire.WAIT, () -> !leader.isLeader());
    long offersWhenFenced = leader.metrics().counter("master.offers.sent").getCount();
    fencedLeaderRefuses();

    MesetaMaster next = Await.value("another master leads", MasterWire.WAIT, () -> cluster.masters.stream()
        .filter(MesetaMaster::isLeader).findFirst().orElse(null), m -> m != null);
    assertNotSame(leader, next, "the other master's latch node came first once ours was gone");
    assertFalse(leader.isLeader());
    nextLeaderDoesNotHonourTheOldOffer(next);
    MasterWire.notLeader(() -> wire.state());
    assertEquals(offersWhenFenced, leader.metrics().counter("master.offers.sent").getCount(),
        "the old leader made no offer after it noticed");
    Await.until("the old leader points to the new one", MasterWire.WAIT,
        () -> leader.leaderAddress().filter(ZkMasters.address(next)::equals).isPresent());
  }
}
