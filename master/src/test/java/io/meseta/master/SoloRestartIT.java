package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.master.durable.LocalRegistryStore;
import io.meseta.protocol.thrift.AgentSummary;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.Event;
import io.meseta.protocol.thrift.EventType;
import io.meseta.protocol.thrift.HeartbeatRequest;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master without ZooKeeper restarted on the same work directory, over its real Thrift port. */
class SoloRestartIT {
  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  private MasterConfig config() {
    return MasterConfig.defaults(dir).withPort(0).withAdvertisedHost("127.0.0.1")
        .withPings(Duration.ofMillis(200), 10).withAllocationInterval(Duration.ofMillis(100))
        .withAgentReregisterTimeout(Duration.ofSeconds(2));
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    open.add(0, c);
    return c;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void aRestartedMasterKnowsItsAgentsFrameworksAndTasks() throws Exception {
    FakeAgent agent1 = closeLater(FakeAgent.start("cpus:4;mem:4096"));
    FakeAgent agent2 = closeLater(FakeAgent.start("cpus:2;mem:1024"));
    MesetaMaster first = MesetaMaster.start(config());
    MasterWire wire = MasterWire.to(first);
    String a1 = wire.agents.registerAgent(agent1.registration()).getAgentId();
    String a2 = wire.agents.registerAgent(agent2.registration()).getAgentId();
    MasterWire.Framework fw = wire.framework("fw", 120).register();
    Map<String, Offer> offers = fw.awaitOffers(a1, a2);
    TaskInfo t1 = MasterWire.task("t1", a1, "cpus:1;mem:512");
    TaskInfo t2 = MasterWire.task("t2", a2, "cpus:1;mem:256");
    fw.accept(offers.get(a1), t1);
    fw.accept(offers.get(a2), t2);
    Await.until("both launches reach their agents", MasterWire.WAIT,
        () -> agent1.launches.size() == 1 && agent2.launches.size() == 1);
    wire.update(a1, fw.id, "t1", TaskState.RUNNING, "u1");
    wire.update(a2, fw.id, "t2", TaskState.RUNNING, "u2");
    String firstMasterId = first.masterId();
    wire.close();
    first.close();

    MesetaMaster second = closeLater(MesetaMaster.start(config()));
    MasterWire wire2 = closeLater(MasterWire.to(second));
    assertNotEquals(firstMasterId, second.masterId());
    assertEquals(Map.of("t1", TaskState.RUNNING, "t2", TaskState.RUNNING), wire2.taskStates());
    List<AgentSummary> agents = wire2.state().getAgents();
    assertEquals(List.of(a1, a2), agents.stream().map(AgentSummary::getAgentId).toList());
    assertTrue(agents.stream().noneMatch(AgentSummary::isActive), "not offered before they re-register");
    assertEquals(List.of(fw.id), wire2.state().getFrameworks().stream().map(f -> f.getFrameworkId()).toList());

    MesetaError unknown = assertThrows(MesetaError.class, () -> wire2.agents.heartbeat(new HeartbeatRequest(a1)));
    assertEquals(ErrorCode.UNKNOWN_AGENT, unknown.getCode(), "the agent is asked to re-register");
    assertEquals(a1, wire2.agents.registerAgent(agent1.reregistration(a1, fw.id, t1)).getAgentId());

    MasterWire.Framework again = wire2.new Framework("fw", 120);
    again.id = fw.id;
    again.register();
    assertEquals(fw.id, again.id);
    Offer offer = again.awaitOffers(a1).get(a1);
    assertTrue(offer.getOfferId().startsWith(second.masterId() + "-O"), offer.getOfferId());

    // agent2 never comes back: after the re-register timeout its task is lost.
    Event lost = again.awaitEvent("t2 lost", e -> e.getType() == EventType.UPDATE
        && e.getStatus().getTaskId().equals("t2"));
    assertEquals(TaskState.LOST, lost.getStatus().getState());
    assertEquals("AGENT_REMOVED", lost.getStatus().getReason());
    assertEquals(Map.of("t1", TaskState.RUNNING, "t2", TaskState.LOST), wire2.taskStates());
    assertEquals(List.of(a1), wire2.state().getAgents().stream().map(AgentSummary::getAgentId).toList());
    assertEquals(List.of("t1"), agent1.launchedTasks(), "nothing is launched again");

    String a3 = wire2.agents.registerAgent(closeLater(FakeAgent.start("cpus:1;mem:1")).registration())
        .getAgentId();
    assertFalse(Set.of(a1, a2).contains(a3), a3 + " was issued before");
    assertEquals(1, second.metrics().counter("master.recovery.agents.expired").getCount());
    assertEquals(1, second.metrics().counter("master.recovery.agents.reregistered").getCount());
    assertTrue(second.metrics().timer("master.registry.write").getCount() > 0);
  }

  @Test
  void aCorruptRegistryStopsTheStartAndNamesTheFile() throws Exception {
    MesetaMaster.start(config()).close();
    Path snapshot = dir.resolve(LocalRegistryStore.SNAPSHOT);
    Files.writeString(snapshot, "{ this is not json");
    MesetaMaster.MasterStartException e = assertThrows(MesetaMaster.MasterStartException.class,
        () -> MesetaMaster.start(config()));
    assertTrue(e.getMessage().contains(snapshot.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void aSecondMasterOnTheSameWorkDirIsRefused() throws Exception {
    closeLater(MesetaMaster.start(config()));
    MesetaMaster.MasterStartException e = assertThrows(MesetaMaster.MasterStartException.class,
        () -> MesetaMaster.start(config()));
    assertTrue(e.getMessage().contains("in use by another master"), e.getMessage());
  }
}
