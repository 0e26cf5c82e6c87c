package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.master.MasterConfig;
import io.meseta.master.MesetaMaster;
import io.meseta.protocol.thrift.AcceptRequest;
import io.meseta.protocol.thrift.ClusterStateRequest;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.Event;
import io.meseta.protocol.thrift.EventType;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.MasterAgentService;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.OperatorService;
import io.meseta.protocol.thrift.PollEventsRequest;
import io.meseta.protocol.thrift.RegisterAgentRequest;
import io.meseta.protocol.thrift.RegisterFrameworkRequest;
import io.meseta.protocol.thrift.Resource;
import io.meseta.protocol.thrift.SchedulerService;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import io.meseta.testing.FreePorts;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input at the master's real Thrift port: each bad call gets an error that names the
 * problem and leaves offers and tasks as they were; garbage closes only its own connection.
 */
class MasterWireIT {
  @TempDir
  Path dir;

  private MesetaMaster master;
  private RpcChannel channel;
  private SchedulerService.Client scheduler;
  private String framework;
  private List<Offer> offers;

  @BeforeEach
  void start() throws Exception {
    master = MesetaMaster.start(MasterConfig.defaults(dir).withPort(0));
    channel = RpcChannel.open(new HostPort("127.0.0.1", master.port()), RpcLimits.DEFAULT);
    scheduler = channel.client(mesetaConstants.SCHEDULER_SERVICE, SchedulerService.Client::new);
    MasterAgentService.Client agents = channel.client(mesetaConstants.MASTER_AGENT_SERVICE,
        MasterAgentService.Client::new);
    // Two agents that nobody serves: enough to receive offers; launches to them would fail.
    int unused = FreePorts.next();
    for (String host : List.of("a1", "a2")) {
      agents.registerAgent(new RegisterAgentRequest(host, unused, resources(2, 1024), List.of()));
    }
    framework = scheduler.registerFramework(new RegisterFrameworkRequest(new FrameworkInfo("wire", "alice")))
        .getFrameworkId();
    offers = pollOffers(2);
  }

  @AfterEach
  void stop() {
    channel.close();
    master.close();
  }

  private List<Offer> pollOffers(int want) throws Exception {
    List<Offer> out = new ArrayList<>();
    long from = 1;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (out.size() < want && System.nanoTime() < deadline) {
      for (Event e : scheduler.pollEvents(new PollEventsRequest(framework, from, 1000)).getEvents()) {
        from = e.getSequence() + 1;
        if (e.getType() == EventType.OFFERS) {
          out.addAll(e.getOffers());
        }
      }
    }
    assertEquals(want, out.size(), "offers received");
    return out;
  }

  private static List<Resource> resources(double cpus, double mem) {
    return List.of(new Resource("cpus").setScalar(cpus), new Resource("mem").setScalar(mem));
  }

  private TaskInfo task(String id, Offer on, List<Resource> res) {
    return new TaskInfo(id, id, on.getAgentId(), res, new CommandInfo().setShell("true"));
  }

  private void refused(ErrorCode code, String fragment, WireCall call) throws Exception {
    int before = outstandingOffers();
    MesetaError e = assertThrows(MesetaError.class, call::run);
    assertEquals(code, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention '" + fragment + "'");
    assertEquals(before, outstandingOffers(), "offers must stay outstanding");
    assertEquals(0, operator().getState(new ClusterStateRequest().setIncludeCompletedTasks(true)).getTasksSize(),
        "no task may exist");
  }

  /** One call to the master that is expected to be refused. */
  @FunctionalInterface
  private interface WireCall {
    void run() throws Exception;
  }

  private OperatorService.Client operator() {
    return channel.client(mesetaConstants.OPERATOR_SERVICE, OperatorService.Client::new);
  }

  private int outstandingOffers() throws Exception {
    return operator().getState(new ClusterStateRequest()).getFrameworks().get(0).getOutstandingOffers();
  }

  private Void accept(List<String> offerIds, TaskInfo... tasks) throws Exception {
    scheduler.accept(new AcceptRequest(framework, offerIds, List.of(tasks)));
    return null;
  }

  @Test
  void unknownOffer() throws Exception {
    refused(ErrorCode.UNKNOWN_OFFER, "no-such-offer",
        () -> accept(List.of("no-such-offer"), task("t", offers.get(0), resources(1, 32))));
  }

  @Test
  void offersFromDifferentAgents() throws Exception {
    refused(ErrorCode.INVALID_REQUEST, "different agents", () -> accept(
        List.of(offers.get(0).getOfferId(), offers.get(1).getOfferId()), task("t", offers.get(0), resources(1, 32))));
  }

  @Test
  void moreThanTheOffersHold() throws Exception {
    refused(ErrorCode.INSUFFICIENT_RESOURCES, "cpus:3",
        () -> accept(List.of(offers.get(0).getOfferId()), task("t", offers.get(0), resources(3, 32))));
  }

  @Test
  void negativeResources() throws Exception {
    refused(ErrorCode.INVALID_REQUEST, "negative",
        () -> accept(List.of(offers.get(0).getOfferId()), task("t", offers.get(0), resources(-1, 32))));
  }

  @Test
  void nanResources() throws Exception {
    refused(ErrorCode.INVALID_REQUEST, "non-finite",
        () -> accept(List.of(offers.get(0).getOfferId()), task("t", offers.get(0), resources(Double.NaN, 32))));
  }

  @Test
  void zeroCpus() throws Exception {
    refused(ErrorCode.INVALID_REQUEST, "no cpus",
        () -> accept(List.of(offers.get(0).getOfferId()), task("t", offers.get(0), resources(0, 32))));
  }

  @Test
  void duplicateTaskIds() throws Exception {
    refused(ErrorCode.DUPLICATE_TASK, "'t'".replace("'", ""), () -> accept(List.of(offers.get(0).getOfferId()),
        task("t", offers.get(0), resources(0.5, 32)), task("t", offers.get(0), resources(0.5, 32))));
  }

  @Test
  void unknownFramework() throws Exception {
    MesetaError e = assertThrows(MesetaError.class, () -> scheduler.accept(new AcceptRequest("nobody",
        List.of(offers.get(0).getOfferId()), List.of())));
    assertEquals(ErrorCode.UNKNOWN_FRAMEWORK, e.getCode());
    assertTrue(e.getMessage().contains("nobody"));
    assertEquals(2, outstandingOffers());
  }

  @Test
  void missingFieldsAreNamed() throws Exception {
    MesetaError e = assertThrows(MesetaError.class,
        () -> scheduler.registerFramework(new RegisterFrameworkRequest(new FrameworkInfo("", "alice"))));
    assertEquals(ErrorCode.INVALID_REQUEST, e.getCode());
    assertTrue(e.getMessage().contains("name"), e.getMessage());
    MesetaError noTask = assertThrows(MesetaError.class, () -> accept(List.of(offers.get(0).getOfferId()),
        new TaskInfo("t", "t", offers.get(0).getAgentId(), resources(1, 32), null)));
    assertTrue(noTask.getMessage().contains("no command"), noTask.getMessage());
  }

  @Test
  void agentWithNegativeResourcesIsRefused() throws Exception {
    MasterAgentService.Client agents = channel.client(mesetaConstants.MASTER_AGENT_SERVICE,
        MasterAgentService.Client::new);
    MesetaError e = assertThrows(MesetaError.class,
        () -> agents.registerAgent(new RegisterAgentRequest("bad", 1234, resources(-4, 10), List.of())));
    assertEquals(ErrorCode.INVALID_REQUEST, e.getCode());
    assertEquals(2, operator().getState(new ClusterStateRequest()).getAgentsSize());
  }

  @Test
  void garbageAndOversizedFramesCloseOnlyTheirConnection() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    // A plausible frame length (100 bytes), then nonsense where a Thrift message should be.
    garbage[0] = 0;
    garbage[1] = 0;
    garbage[2] = 0;
    garbage[3] = 100;
    assertClosedAfter(garbage);
    assertClosedAfter(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
    assertEquals(2, operator().getState(new ClusterStateRequest()).getAgentsSize(), "master still serves");
    assertEquals(2, outstandingOffers());
  }

  private void assertClosedAfter(byte[] bytes) throws Exception {
    try (Socket s = new Socket("127.0.0.1", master.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      InputStream in = s.getInputStream();
      int read;
      try {
        do {
          read = in.read();
        } while (read >= 0);
      } catch (java.net.SocketException reset) {
        read = -1;
      }
      assertEquals(-1, read, "the master should close the connection");
    }
  }
}
