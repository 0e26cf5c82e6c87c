package io.meseta.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.protocol.transport.HostPort;
import io.meseta.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ZooKeeper detector against a real in-process ZooKeeper, with leader nodes the test writes. */
class ZooKeeperMasterDetectorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Short, so that a lost session shows within a second or two (the test server's tick is 100 ms). */
  private static final ZkSettings FAST = new ZkSettings(Duration.ofMillis(1_000), Duration.ofMillis(500),
      Duration.ofMillis(10), Duration.ofMillis(200));
  private static final LeaderInfo A = new LeaderInfo("10.0.0.1", 5050, "master-a");
  private static final LeaderInfo B = new LeaderInfo("10.0.0.2", 5051, "master-b");

  private final List<Optional<HostPort>> heard = new CopyOnWriteArrayList<>();
  private TestingServer server;
  private ZkUrl url;
  private MasterDetector detector;
  private CuratorFramework writer;

  @BeforeEach
  void startZooKeeper() throws Exception {
    server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 100, -1), true);
    url = ZkUrl.parse("zk://" + server.getConnectString() + "/meseta");
  }

  @AfterEach
  void stopAll() throws Exception {
    if (detector != null) {
      detector.close();
    }
    if (writer != null) {
      writer.close();
    }
    server.close();
  }

  private void startDetector() {
    detector = MasterDetector.of(new MasterAddress.ZooKeeper(url), FAST);
    detector.addListener(heard::add);
    detector.start();
  }

  private CuratorFramework writer() throws InterruptedException {
    if (writer == null) {
      writer = newSession();
    }
    return writer;
  }

  private CuratorFramework newSession() throws InterruptedException {
    CuratorFramework c = FAST.newClient(url);
    c.start();
    assertTrue(c.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS), "test client connected");
    return c;
  }

  private static void publish(CuratorFramework session, ZkUrl url, byte[] data) throws Exception {
    session.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(url.leaderPath(), data);
  }

  private Optional<HostPort> awaitLeader(String what, Optional<HostPort> expected) {
    return Await.value(what, WAIT, detector::leader, expected::equals);
  }

  /** Listeners run on the detector's thread just after readers see a change: wait for them. */
  private void assertHeard(List<Optional<HostPort>> expected) {
    Await.until("the listener heard " + expected.size() + " changes", WAIT, () -> heard.size() >= expected.size());
    assertEquals(expected, List.copyOf(heard));
  }

  private String timeoutMessage(Duration wait) {
    TimeoutException e = assertThrows(TimeoutException.class, () -> detector.awaitLeader(wait));
    return e.getMessage();
  }

  @Test
  void aLeaderThatAppearsChangesAndGoesAwayIsReportedToReadersAndListeners() throws Exception {
    startDetector();
    Await.until("the detector has read the missing node", WAIT,
        () -> timeoutMessage(Duration.ofMillis(20)).contains("there is no leader node /meseta/leader"));
    String message = timeoutMessage(Duration.ofMillis(50));
    assertTrue(message.contains("no leading master found in " + url + " within 50 ms"), message);

    publish(writer(), url, A.toBytes());
    assertEquals(A.address(), detector.awaitLeader(WAIT));
    writer().setData().forPath(url.leaderPath(), B.toBytes());
    awaitLeader("the new leader", Optional.of(B.address()));
    writer().delete().forPath(url.leaderPath());
    awaitLeader("no leader", Optional.empty());

    assertHeard(List.of(Optional.of(A.address()), Optional.of(B.address()), Optional.empty()));
  }

  @Test
  void whenTheLeadersSessionEndsItsNodeGoesAndTheNextLeaderIsFound() throws Exception {
    startDetector();
    CuratorFramework leaderA = newSession();
    publish(leaderA, url, A.toBytes());
    assertEquals(A.address(), detector.awaitLeader(WAIT));

    leaderA.close(); // its ephemeral node goes with its session
    awaitLeader("no leader after A's session ended", Optional.empty());
    publish(writer(), url, B.toBytes());
    assertEquals(B.address(), detector.awaitLeader(WAIT));
    assertHeard(List.of(Optional.of(A.address()), Optional.empty(), Optional.of(B.address())));
  }

  @Test
  void aMalformedLeaderNodeMeansNoLeaderUntilItIsRepaired() throws Exception {
    startDetector();
    publish(writer(), url, A.toBytes());
    assertEquals(A.address(), detector.awaitLeader(WAIT));

    writer().setData().forPath(url.leaderPath(), "not json".getBytes(StandardCharsets.UTF_8));
    awaitLeader("no leader while the node is garbage", Optional.empty());
    String message = timeoutMessage(Duration.ofMillis(20));
    assertTrue(message.contains("/meseta/leader holds no usable leader record"), message);

    writer().setData().forPath(url.leaderPath(), "{\"host\":\"m\",\"port\":0,\"masterId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    Await.until("a leader record with port 0 is reported as unusable", WAIT,
        () -> timeoutMessage(Duration.ofMillis(20)).contains("port must be between 1 and 65535"));
    writer().setData().forPath(url.leaderPath(), new byte[0]);
    Await.until("an empty node is reported as unusable", WAIT,
        () -> !timeoutMessage(Duration.ofMillis(20)).contains("port must be"));
    assertEquals(Optional.empty(), detector.leader());

    writer().setData().forPath(url.leaderPath(), B.toBytes());
    assertEquals(B.address(), detector.awaitLeader(WAIT));
    assertHeard(List.of(Optional.of(A.address()), Optional.empty(), Optional.of(B.address())));
  }

  @Test
  void anUnreachableZooKeeperIsWaitedForAndNamedInTheTimeout() throws Exception {
    int port = server.getPort();
    server.stop();
    startDetector();

    String message = timeoutMessage(Duration.ofMillis(300));
    assertTrue(message.contains("no leading master found in " + url), message);
    assertTrue(message.contains("not connected to ZooKeeper at 127.0.0.1:" + port), message);

    server.restart();
    publish(writer(), url, A.toBytes());
    assertEquals(A.address(), detector.awaitLeader(WAIT));
  }

  @Test
  void zooKeeperGoingDownForgetsTheLeaderOnlyOnceTheSessionIsLostAndFindsItAgain() throws Exception {
    writer().create().creatingParentsIfNeeded().forPath(url.leaderPath(), A.toBytes()); // persistent: survives
    startDetector();
    assertEquals(A.address(), detector.awaitLeader(WAIT));
    writer.close();
    writer = null;

    server.stop();
    awaitLeader("the leader forgotten once the session is lost", Optional.empty());
    String message = timeoutMessage(Duration.ofMillis(20));
    assertTrue(message.contains("unreachable for longer than the session timeout"), message);

    server.restart();
    assertEquals(A.address(), detector.awaitLeader(WAIT));
    assertHeard(List.of(Optional.of(A.address()), Optional.empty(), Optional.of(A.address())));
  }

  @Test
  void aDetectorCanShareTheCallersClientAndLeavesItOpen() throws Exception {
    publish(writer(), url, A.toBytes());
    try (MasterDetector shared = MasterDetector.sharing(writer(), url)) {
      shared.start();
      assertEquals(A.address(), shared.awaitLeader(WAIT));
    }
    assertEquals(CuratorFrameworkState.STARTED, writer().getState());
    assertTrue(writer().getZookeeperClient().isConnected());
  }

  @Test
  void awaitingBeforeStartOrAfterCloseIsAnError() throws Exception {
    detector = MasterDetector.of(new MasterAddress.ZooKeeper(url), FAST);
    IllegalStateException notStarted = assertThrows(IllegalStateException.class, () -> detector.awaitLeader(WAIT));
    assertTrue(notStarted.getMessage().contains("not started"), notStarted.getMessage());
    assertEquals(Optional.empty(), detector.leader());

    detector.start();
    detector.close();
    IllegalStateException closed = assertThrows(IllegalStateException.class, () -> detector.awaitLeader(WAIT));
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    publish(writer(), url, A.toBytes());
    assertFalse(detector.leader().isPresent());
    assertEquals(List.of(), heard);
  }
}
