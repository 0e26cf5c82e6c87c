package io.meseta.client;

import static io.meseta.client.TestEvents.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.protocol.thrift.AcceptRequest;
import io.meseta.protocol.thrift.AcknowledgeRequest;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.DeclineRequest;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.FrameworkRequest;
import io.meseta.protocol.thrift.KillTaskRequest;
import io.meseta.protocol.thrift.ReconcileRequest;
import io.meseta.protocol.thrift.ReconcileTask;
import io.meseta.protocol.thrift.RegisterFrameworkRequest;
import io.meseta.protocol.thrift.Resource;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.testing.Await;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a fake master: registration, delivery, acknowledgements, calls, lifecycle. */
class FrameworkClientTest {
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

  private String startClient(FrameworkClient.Builder builder) throws Exception {
    client = builder.build();
    client.start();
    return client.awaitRegistered(WAIT);
  }

  @Test
  void registrationReportsTheFrameworkIdToTheCallbackAndTheCaller() throws Exception {
    String id = startClient(TestEvents.client(master, scheduler));

    assertEquals("fw-1", id);
    assertEquals(Optional.of("fw-1"), client.frameworkId());
    Await.until("the registered callback", WAIT, () -> scheduler.saw("registered fw-1 master-1"));
    RegisterFrameworkRequest sent = master.requests("registerFramework", RegisterFrameworkRequest.class).get(0);
    FrameworkInfo expected = TestEvents.framework().setProtocolVersion(mesetaConstants.PROTOCOL_VERSION);
    assertEquals(new RegisterFrameworkRequest(expected), sent);
  }

  @Test
  void eventsArriveInOrderOnTheOneCallbackThreadAndUnknownOnesAreSkipped() throws Exception {
    startClient(TestEvents.client(master, scheduler));
    master.enqueue("fw-1", TestEvents.offers("o1", "o2"));
    master.enqueue("fw-1", TestEvents.heartbeat());
    master.enqueue("fw-1", TestEvents.rescind("o1"));
    master.enqueue("fw-1", TestEvents.unknownType());
    master.enqueue("fw-1", TestEvents.agentLost("agent-7"));
    master.enqueue("fw-1", TestEvents.offers("o3"));

    Await.until("the last offer", WAIT, () -> scheduler.saw("offers o3"));
    assertEquals(List.of("registered fw-1 master-1", "offers o1,o2", "rescind o1", "agent lost agent-7", "offers o3"),
        scheduler.log);
    assertEquals(List.of("meseta-scheduler-" + TestEvents.NAME), scheduler.threads.stream().distinct().toList());
  }

  @Test
  void implicitAcknowledgementOnlyForUpdatesThatCarryAnUpdateId() throws Exception {
    startClient(TestEvents.client(master, scheduler));
    master.enqueue("fw-1", TestEvents.update("t1", TaskState.RUNNING, "u1"));
    master.enqueue("fw-1", TestEvents.update("t2", TaskState.LOST, null));
    master.enqueue("fw-1", TestEvents.offers("marker"));

    Await.until("the marker after both updates", WAIT, () -> scheduler.saw("offers marker"));
    assertEquals(List.of("registered fw-1 master-1", "update t1 RUNNING", "update t2 LOST", "offers marker"),
        scheduler.log);
    assertEquals(List.of(new AcknowledgeRequest("fw-1", "agent-1", "t1", "u1")),
        master.requests("acknowledge", AcknowledgeRequest.class));
  }

  @Test
  void withoutImplicitAcknowledgementsTheSchedulerAcknowledges() throws Exception {
    startClient(TestEvents.client(master, scheduler).implicitAcknowledgements(false));
    long seq = master.enqueue("fw-1", TestEvents.update("t1", TaskState.FINISHED, "u9"));
    master.enqueue("fw-1", TestEvents.offers("marker"));

    Await.until("the marker", WAIT, () -> scheduler.saw("offers marker"));
    assertEquals(List.of(), master.requests("acknowledge", AcknowledgeRequest.class));
    client.acknowledge(TestEvents.update("t1", TaskState.FINISHED, "u9").getStatus());
    assertEquals(List.of(new AcknowledgeRequest("fw-1", "agent-1", "t1", "u9")),
        master.requests("acknowledge", AcknowledgeRequest.class));
    assertEquals(1, seq);
    assertThrows(IllegalArgumentException.class,
        () -> client.acknowledge(TestEvents.update("t2", TaskState.LOST, null).getStatus()));
  }

  @Test
  void aCallbackThatThrowsLeavesItsUpdateUnacknowledgedAndDeliveryGoesOn() throws Exception {
    scheduler.onUpdate((c, status) -> {
      if (status.getTaskId().equals("t1")) {
        throw new IllegalStateException("scheduler bug");
      }
    });
    startClient(TestEvents.client(master, scheduler));
    master.enqueue("fw-1", TestEvents.update("t1", TaskState.RUNNING, "u1"));
    master.enqueue("fw-1", TestEvents.update("t2", TaskState.RUNNING, "u2"));
    master.enqueue("fw-1", TestEvents.offers("marker"));

    Await.until("the marker", WAIT, () -> scheduler.saw("offers marker"));
    assertEquals(List.of(new AcknowledgeRequest("fw-1", "agent-1", "t2", "u2")),
        master.requests("acknowledge", AcknowledgeRequest.class));
  }

  @Test
  void explicitCallsReachTheMasterWithTheirFields() throws Exception {
    startClient(TestEvents.client(master, scheduler));
    TaskInfo task = new TaskInfo("t1", "task one", "agent-1", List.of(new Resource("cpus").setScalar(0.5)),
        new CommandInfo().setShell("true"));
    Filters filters = new Filters().setRefuseSeconds(30);

    client.accept(List.of("o1"), List.of(task), filters);
    client.declineOffer("o2", null);
    client.decline(List.of("o3", "o4"), filters);
    client.revive();
    client.suppress();
    client.killTask("t1");
    client.reconcile(List.of(new ReconcileTask("t1").setAgentId("agent-1")));
    client.reconcile(List.of());

    assertEquals(List.of("registerFramework", "accept", "decline", "decline", "revive", "suppress", "killTask",
        "reconcile", "reconcile"), master.callsWithoutPolls());
    assertEquals(List.of(new AcceptRequest("fw-1", List.of("o1"), List.of(task)).setFilters(filters)),
        master.requests("accept", AcceptRequest.class));
    assertEquals(List.of(new DeclineRequest("fw-1", List.of("o2")),
        new DeclineRequest("fw-1", List.of("o3", "o4")).setFilters(filters)),
        master.requests("decline", DeclineRequest.class));
    assertEquals(List.of(new FrameworkRequest("fw-1")), master.requests("revive", FrameworkRequest.class));
    assertEquals(List.of(new FrameworkRequest("fw-1")), master.requests("suppress", FrameworkRequest.class));
    assertEquals(List.of(new KillTaskRequest("fw-1", "t1")), master.requests("killTask", KillTaskRequest.class));
    assertEquals(List.of(new ReconcileRequest("fw-1", List.of(new ReconcileTask("t1").setAgentId("agent-1"))),
        new ReconcileRequest("fw-1", List.of())), master.requests("reconcile", ReconcileRequest.class));
  }

  @Test
  void callsWorkFromInsideCallbacks() throws Exception {
    scheduler.onOffers((c, offers) -> c.decline(offers.stream().map(o -> o.getOfferId()).toList(), null));
    startClient(TestEvents.client(master, scheduler));
    master.enqueue("fw-1", TestEvents.offers("o1", "o2"));

    Await.until("the decline sent from resourceOffers", WAIT,
        () -> !master.requests("decline", DeclineRequest.class).isEmpty());
    assertEquals(List.of(new DeclineRequest("fw-1", List.of("o1", "o2"))),
        master.requests("decline", DeclineRequest.class));
  }

  @Test
  void anErrorFromTheMasterSurfacesWithItsCodeAndMessage() throws Exception {
    startClient(TestEvents.client(master, scheduler));
    master.failNext("accept", ErrorCode.UNKNOWN_OFFER, "offer o9 was rescinded");

    MesetaCallException e = assertThrows(MesetaCallException.class,
        () -> client.accept(List.of("o9"), List.of(), null));
    assertEquals(ErrorCode.UNKNOWN_OFFER, e.code());
    assertEquals("offer o9 was rescinded", e.masterMessage());
    assertEquals("accept", e.call());
    assertFalse(e instanceof NotConnectedException);
    client.revive(); // the client carries on
  }

  @Test
  void anErrorEventReachesTheSchedulerAndEndsTheClient() throws Exception {
    startClient(TestEvents.client(master, scheduler));
    master.enqueue("fw-1", TestEvents.error("framework fw-1 removed: failover timeout"));

    assertTrue(client.awaitTermination(WAIT));
    assertEquals(List.of("registered fw-1 master-1", "error framework fw-1 removed: failover timeout"),
        scheduler.log);
    assertThrows(NotConnectedException.class, client::revive);
  }

  @Test
  void aRefusedRegistrationFailsAwaitRegisteredAndCallsError() throws Exception {
    master.failNext("registerFramework", ErrorCode.INVALID_REQUEST, "role 'x y' is not valid");
    client = TestEvents.client(master, scheduler).build();
    client.start();

    MesetaCallException e = assertThrows(MesetaCallException.class, () -> client.awaitRegistered(WAIT));
    assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    assertTrue(client.awaitTermination(WAIT));
    assertEquals(List.of("error registerFramework failed: INVALID_REQUEST: role 'x y' is not valid"), scheduler.log);
  }

  @Test
  void stopLeavesTheFrameworkAndEndsBothThreads() throws Exception {
    startClient(TestEvents.client(master, scheduler));

    client.stop();
    assertTrue(client.awaitTermination(WAIT));
    assertEquals(List.of(), master.requests("teardown", FrameworkRequest.class));
    assertThrows(NotConnectedException.class, client::revive);
    Await.until("no client thread is left", WAIT, () -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().endsWith("-" + TestEvents.NAME) && t.isAlive()));
  }

  @Test
  void stopAndTeardownTearsTheFrameworkDownFirst() throws Exception {
    startClient(TestEvents.client(master, scheduler));

    client.stopAndTeardown();
    assertTrue(client.awaitTermination(WAIT));
    assertEquals(List.of(new FrameworkRequest("fw-1")), master.requests("teardown", FrameworkRequest.class));
  }

  @Test
  void stopFromACallbackEndsTheClient() throws Exception {
    scheduler.onOffers((c, offers) -> c.stop());
    startClient(TestEvents.client(master, scheduler));
    master.enqueue("fw-1", TestEvents.offers("o1"));
    master.enqueue("fw-1", TestEvents.offers("o2"));

    assertTrue(client.awaitTermination(WAIT));
    assertFalse(scheduler.saw("offers o2"), "no callback after stop");
  }

  @Test
  void aClientStartsOnceAndNotAfterStop() throws Exception {
    startClient(TestEvents.client(master, scheduler));
    assertThrows(IllegalStateException.class, client::start);
    FrameworkClient unused = TestEvents.client(master, scheduler).build();
    unused.stop();
    assertTrue(unused.awaitTermination(WAIT));
    assertThrows(IllegalStateException.class, unused::start);
  }
}
