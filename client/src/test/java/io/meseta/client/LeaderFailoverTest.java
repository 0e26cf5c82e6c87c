package io.meseta.client;

import static io.meseta.client.TestEvents.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.discovery.ZkSettings;
import io.meseta.discovery.ZkUrl;
import io.meseta.protocol.thrift.AcknowledgeRequest;
import io.meseta.protocol.thrift.FrameworkRequest;
import io.meseta.protocol.thrift.RegisterFrameworkRequest;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client with a {@code zk://} address: a real in-process ZooKeeper, fake masters, and leader
 * nodes written by the test the way a leading master writes them.
 */
class LeaderFailoverTest {
  private static final ZkSettings FAST = new ZkSettings(Duration.ofSeconds(1), Duration.ofMillis(500),
      Duration.ofMillis(10), Duration.ofMillis(200));

  private final RecordingScheduler scheduler = new RecordingScheduler();
  private final List<FakeMaster> masters = new ArrayList<>();
  private TestingServer zooKeeper;
  private ZkUrl url;
  private CuratorFramework leaderSession;
  private FrameworkClient client;

  @BeforeEach
  void startZooKeeper() throws Exception {
    zooKeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 100, -1), true);
    url = ZkUrl.parse("zk://" + zooKeeper.getConnectString() + "/meseta");
    leaderSession = FAST.newClient(url);
    leaderSession.start();
    assertTrue(leaderSession.blockUntilConnected(10, TimeUnit.SECONDS), "the test's ZooKeeper session");
  }

  @AfterEach
  void stopAll() throws Exception {
    if (client != null) {
      client.stop();
      assertTrue(client.awaitTermination(WAIT), "client threads ended");
    }
    for (FakeMaster m : masters) {
      m.close();
    }
    leaderSession.close();
    zooKeeper.close();
  }

  private FakeMaster master(String id) throws Exception {
    FakeMaster m = FakeMaster.start(id);
    masters.add(m);
    return m;
  }

  /** What a master does when it becomes the leader: write its record into the ephemeral leader node. */
  private void lead(FakeMaster m) throws Exception {
    byte[] record = m.leaderInfo().toBytes();
    if (leaderSession.checkExists().forPath(url.leaderPath()) == null) {
      leaderSession.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(url.leaderPath(), record);
    } else {
      leaderSession.setData().forPath(url.leaderPath(), record);
    }
  }

  /** What ZooKeeper does when the leader's session ends. */
  private void noLeader() throws Exception {
    leaderSession.delete().forPath(url.leaderPath());
  }

  private FrameworkClient.Builder builder() {
    return FrameworkClient.builder(url.toString(), TestEvents.framework(), scheduler)
        .zooKeeper(FAST)
        .failoverTimeout(Duration.ofMinutes(2))
        .pollWait(Duration.ofSeconds(2))
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
        .backoffSeed(42);
  }

  private String startClient() throws Exception {
    client = builder().build();
    client.start();
    return client.awaitRegistered(WAIT);
  }

  private static List<String> registeredIds(FakeMaster m) {
    return m.requests("registerFramework", RegisterFrameworkRequest.class).stream()
        .map(r -> r.getFramework().getFrameworkId()).toList();
  }

  @Test
  void theClientFollowsTheLeaderNodeToTheNextMasterAndKeepsItsFrameworkId() throws Exception {
    FakeMaster a = master("master-A");
    FakeMaster b = master("master-B");
    lead(a);
    assertEquals("fw-1", startClient());
    a.enqueue("fw-1", TestEvents.update("t1", TaskState.RUNNING, "u1"));
    Await.until("the first update", WAIT, () -> scheduler.saw("update t1 RUNNING"));

    lead(b); // A is still up: only ZooKeeper says it no longer leads
    Await.until("re-registration with B", WAIT, () -> scheduler.saw("reregistered master-B"));
    b.enqueue("fw-1", TestEvents.update("t1", TaskState.RUNNING, "u1")); // B re-sends what it has no ack for
    b.enqueue("fw-1", TestEvents.offers("o2"));
    Await.until("B's offer", WAIT, () -> scheduler.saw("offers o2"));

    assertEquals(List.of("registered fw-1 master-A", "update t1 RUNNING", "disconnected", "reregistered master-B",
        "update t1 RUNNING", "offers o2"), scheduler.log);
    assertEquals(Arrays.asList((String) null), registeredIds(a));
    assertEquals(List.of("fw-1"), registeredIds(b));
    RegisterFrameworkRequest atB = b.requests("registerFramework", RegisterFrameworkRequest.class).get(0);
    assertEquals(120.0, atB.getFramework().getFailoverTimeoutSeconds(), "the failover timeout travels with the framework");
    assertEquals(1, b.firstPollAfterLastRegistration(), "a new master numbers events from 1");
    Await.until("the re-sent update acknowledged to B", WAIT,
        () -> b.requests("acknowledge", AcknowledgeRequest.class).size() == 1);
    client.revive();
    assertEquals(1, b.requests("revive", FrameworkRequest.class).size(), "calls go to the new leader");
    assertEquals(0, a.requests("revive", FrameworkRequest.class).size());
  }

  @Test
  void whenTheLeaderDiesTheClientWaitsForZooKeeperToNameTheNextOne() throws Exception {
    FakeMaster a = master("master-A");
    FakeMaster b = master("master-B");
    lead(a);
    startClient();

    a.stopServing();
    noLeader();
    Await.until("the disconnected callback", WAIT, () -> scheduler.saw("disconnected"));
    NotConnectedException e = assertThrows(NotConnectedException.class, client::revive);
    assertTrue(e.getMessage().contains("no leading master is known in " + url)
        || e.getMessage().contains("127.0.0.1:"), e.getMessage());

    lead(b);
    Await.until("re-registration with B", WAIT, () -> scheduler.saw("reregistered master-B"));
    assertEquals(List.of("fw-1"), registeredIds(b));
    assertEquals(List.of("registered fw-1 master-A", "disconnected", "reregistered master-B"), scheduler.log);
  }

  @Test
  void aMasterThatGoesAwayAndComesBackIsRegisteredWithAgainUnderTheSameId() throws Exception {
    FakeMaster a = master("master-A");
    lead(a);
    startClient();
    a.enqueue("fw-1", TestEvents.offers("o1"));
    Await.until("the first offer", WAIT, () -> scheduler.saw("offers o1"));

    a.stopServing();
    noLeader();
    Await.until("the disconnected callback", WAIT, () -> scheduler.saw("disconnected"));
    a.enqueue("fw-1", TestEvents.offers("o2"));
    a.startServing();
    lead(a);

    Await.until("the offer made while away", WAIT, () -> scheduler.saw("offers o2"));
    assertEquals(List.of("registered fw-1 master-A", "offers o1", "disconnected", "reregistered master-A",
        "offers o2"), scheduler.log);
    assertEquals(Arrays.asList(null, "fw-1"), registeredIds(a));
    assertEquals(2, a.firstPollAfterLastRegistration(), "the same master: the poll goes on where it stopped");
  }

  @Test
  void aStandbyInTheLeaderNodeSendsTheClientToTheLeaderItNames() throws Exception {
    FakeMaster leader = master("master-L");
    FakeMaster standby = master("master-S");
    standby.redirectTo(leader.address());
    lead(standby); // a stale record: the standby knows better

    startClient();
    assertEquals(Arrays.asList((String) null), registeredIds(leader));
    Await.until("the registered callback", WAIT, () -> scheduler.saw("registered fw-1 master-L"));
  }

  @Test
  void aStandbyThatNamesNoLeaderIsLeftOnceZooKeeperNamesTheLeader() throws Exception {
    FakeMaster leader = master("master-L");
    FakeMaster standby = master("master-S");
    standby.redirectTo(null);
    lead(standby);
    client = builder().build();
    client.start();
    assertThrows(TimeoutException.class, () -> client.awaitRegistered(Duration.ofMillis(300)));

    lead(leader);
    assertEquals("fw-1", client.awaitRegistered(WAIT));
    Await.until("the registered callback", WAIT, () -> scheduler.saw("registered fw-1 master-L"));
    assertEquals(List.of(), standby.requests("registerFramework", RegisterFrameworkRequest.class),
        "a standby carries nothing out");
  }

  @Test
  void withNoLeaderYetTheClientRegistersAsSoonAsOneIsElected() throws Exception {
    FakeMaster a = master("master-A");
    client = builder().reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).build();
    client.start();
    assertThrows(TimeoutException.class, () -> client.awaitRegistered(Duration.ofMillis(300)));

    long electedAt = System.nanoTime();
    lead(a);
    assertEquals("fw-1", client.awaitRegistered(WAIT));
    long tookMillis = (System.nanoTime() - electedAt) / 1_000_000;
    assertTrue(tookMillis < 2_500, "the leader change cut the 5 s backoff short; took " + tookMillis + " ms");
  }
}
