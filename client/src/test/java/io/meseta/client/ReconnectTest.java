package io.meseta.client;

import static io.meseta.client.TestEvents.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.FrameworkRequest;
import io.meseta.protocol.thrift.RegisterFrameworkRequest;
import io.meseta.testing.Await;
import io.meseta.testing.FreePorts;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Losing the master and finding it again: outages, master restarts, standbys, no master at all. */
class ReconnectTest {
  private final RecordingScheduler scheduler = new RecordingScheduler();
  private FakeMaster master;
  private FrameworkClient client;

  @BeforeEach
  void startMaster() throws Exception {
    master = FakeMaster.start("master-1");
  }

  @AfterEach
  void stopAll() throws Exception {
    if (client != null) {
      client.stop();
      assertTrue(client.awaitTermination(WAIT), "client threads ended");
    }
    master.close();
  }

  private void startClient(FrameworkClient.Builder builder) throws Exception {
    client = builder.build();
    client.start();
    client.awaitRegistered(WAIT);
  }

  /** The frameworkId of every registration request, in order (null for a new framework). */
  private List<String> registeredIds() {
    return master.requests("registerFramework", RegisterFrameworkRequest.class).stream()
        .map(r -> r.getFramework().getFrameworkId()).toList();
  }

  @Test
  void anOutageIsReportedOnceAndNoEventIsLostOrRepeated() throws Exception {
    startClient(TestEvents.client(master, scheduler));
    master.enqueue("fw-1", TestEvents.offers("o1"));
    master.enqueue("fw-1", TestEvents.offers("o2"));
    Await.until("the first offers", WAIT, () -> scheduler.saw("offers o2"));

    master.stopServing();
    Await.until("the disconnected callback", WAIT, () -> scheduler.saw("disconnected"));
    assertThrows(NotConnectedException.class, client::revive);
    master.enqueue("fw-1", TestEvents.offers("o3"));
    master.enqueue("fw-1", TestEvents.offers("o4"));
    master.startServing();

    Await.until("the offers made during the outage", WAIT, () -> scheduler.saw("offers o4"));
    assertEquals(List.of("registered fw-1 master-1", "offers o1", "offers o2", "disconnected",
        "reregistered master-1", "offers o3", "offers o4"), scheduler.log);
    assertEquals("fw-1", registeredIds().get(registeredIds().size() - 1));
    assertEquals(3, master.firstPollAfterLastRegistration(), "the poll went on after the events already seen");
    client.revive();
  }

  @Test
  void unknownFrameworkFromAPollMeansRegisterAgainWithTheSameId() throws Exception {
    startClient(TestEvents.client(master, scheduler));
    master.enqueue("fw-1", TestEvents.offers("o1"));
    Await.until("the first offer", WAIT, () -> scheduler.saw("offers o1"));

    master.forgetEverything("master-2");
    Await.until("registration with the restarted master", WAIT, () -> scheduler.saw("reregistered master-2"));
    master.enqueue("fw-1", TestEvents.offers("o2"));

    Await.until("the restarted master's first offer", WAIT, () -> scheduler.saw("offers o2"));
    assertEquals(List.of("registered fw-1 master-1", "offers o1", "disconnected", "reregistered master-2",
        "offers o2"), scheduler.log);
    assertEquals(Arrays.asList(null, "fw-1"), registeredIds());
    assertEquals(1, master.firstPollAfterLastRegistration(), "a new master numbers events from 1 again");
  }

  @Test
  void aStandbyMasterSendsTheClientToTheLeader() throws Exception {
    try (FakeMaster standby = FakeMaster.start("standby")) {
      standby.redirectTo(master.address());
      startClient(FrameworkClient.builder(standby.address(), TestEvents.framework(), scheduler)
          .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)));

      assertEquals(Arrays.asList((String) null), registeredIds());
      master.enqueue("fw-1", TestEvents.offers("o1"));
      Await.until("an offer from the leader", WAIT, () -> scheduler.saw("offers o1"));
      client.revive();
      assertEquals(1, master.requests("revive", FrameworkRequest.class).size());
    }
  }

  @Test
  void aMasterThatComesBackIsRetriedWithGrowingDelaysAndGetsTheSameId() throws Exception {
    Duration min = Duration.ofMillis(20);
    startClient(TestEvents.client(master, scheduler).reconnectBackoff(min, Duration.ofSeconds(1)));
    master.stopServing();
    Await.until("the disconnected callback", WAIT, () -> scheduler.saw("disconnected"));
    int before = master.arrivals("registerFramework").size();
    master.failNext("registerFramework", ErrorCode.UNAVAILABLE, "starting up", 4);
    master.startServing();

    Await.until("re-registration", WAIT, () -> scheduler.saw("reregistered master-1"));
    List<Long> arrivals = master.arrivals("registerFramework");
    List<String> ids = registeredIds();
    assertEquals(before + 5, arrivals.size(), "four refused attempts, then one that succeeded");
    assertEquals(List.of("fw-1", "fw-1", "fw-1", "fw-1", "fw-1"), ids.subList(before, ids.size()));
    // Each delay is at least half the current step, and the steps double from the minimum (and
    // may have doubled already during the outage): 20, 20, 40, 80 ms at the very least.
    long[] atLeastMillis = {20, 20, 40, 80};
    for (int i = 0; i < atLeastMillis.length; i++) {
      long gap = (arrivals.get(before + i + 1) - arrivals.get(before + i)) / 1_000_000;
      assertTrue(gap >= atLeastMillis[i], "delay " + i + " was " + gap + " ms, expected at least " + atLeastMillis[i]);
    }
  }

  @Test
  void aStandbyThatNamesNoLeaderIsAskedAgainAfterABackoff() throws Exception {
    master.redirectTo(null);
    client = TestEvents.client(master, scheduler).build();
    client.start();
    assertThrows(TimeoutException.class, () -> client.awaitRegistered(Duration.ofMillis(200)));

    assertEquals(List.of(), registeredIds(), "a standby carries nothing out");

    master.lead();
    assertEquals("fw-1", client.awaitRegistered(WAIT));
  }

  @Test
  void withNoMasterCallsFailAsNotConnectedAndRegistrationKeepsTrying() throws Exception {
    int port = FreePorts.next();
    client = FrameworkClient.builder("127.0.0.1:" + port, TestEvents.framework(), scheduler)
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
    client.start();

    NotConnectedException e = assertThrows(NotConnectedException.class, client::revive);
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertThrows(TimeoutException.class,
        () -> client.awaitRegistered(Duration.ofMillis(200)));
    assertEquals(List.of(), scheduler.log);
  }
}
