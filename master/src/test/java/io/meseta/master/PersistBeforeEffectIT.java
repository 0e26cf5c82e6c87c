package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.master.durable.InMemoryRegistryStore;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a peer sees may be forgotten: a launch leaves for its agent, and a registration is
 * answered, only once the registry holds it. A master whose registry cannot be written answers
 * UNAVAILABLE, sends nothing, and stops leading until it can load the registry again.
 */
class PersistBeforeEffectIT {
  @TempDir
  Path dir;

  private final InMemoryRegistryStore registry = new InMemoryRegistryStore();
  private final AtomicBoolean failing = new AtomicBoolean();
  private MesetaMaster master;
  private MasterWire wire;
  private FakeAgent agent;

  @BeforeEach
  void start() throws Exception {
    agent = FakeAgent.start("cpus:4;mem:4096");
    master = MesetaMaster.start(MasterConfig.defaults(dir).withPort(0).withAdvertisedHost("127.0.0.1")
        .withAllocationInterval(Duration.ofMillis(100)), () -> new SwitchableStore(registry, failing));
    wire = MasterWire.to(master);
  }

  @AfterEach
  void stop() {
    wire.close();
    master.close();
    agent.close();
  }

  @Test
  void aLaunchWhoseTaskCannotBePersistedNeverReachesTheAgent() throws Exception {
    String a1 = wire.agents.registerAgent(agent.registration()).getAgentId();
    MasterWire.Framework fw = wire.framework("fw", 60).register();
    Offer offer = fw.awaitOffers(a1).get(a1);

    failing.set(true);
    MesetaError e = assertThrows(MesetaError.class, () -> fw.accept(offer, MasterWire.task("t1", a1, "cpus:1")));
    assertEquals(ErrorCode.UNAVAILABLE, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains("registry"), e.getMessage());
    assertFalse(master.isLeader(), "a master that cannot persist stops leading");
    MasterWire.notLeader(() -> fw.poll(0));
    assertEquals(0, master.metrics().getGauges().get("master.elected").getValue());

    failing.set(false);
    Await.until("the master leads again", MasterWire.WAIT, master::isLeader);
    assertTrue(wire.taskStates().isEmpty(), "t1 was never persisted, so the new term does not know it");
    assertEquals(a1, wire.agents.registerAgent(agent.reregistration(a1, fw.id)).getAgentId());
    fw.register();
    Offer again = fw.awaitOffers(a1).get(a1);
    fw.accept(again, MasterWire.task("t2", a1, "cpus:1"));
    Await.until("t2 reaches the agent", MasterWire.WAIT, () -> !agent.launches.isEmpty());
    assertEquals(List.of("t2"), agent.launchedTasks(), "t1 never left the master");
    assertEquals(Map.of("t2", TaskState.STAGING), wire.taskStates());
    assertTrue(registry.load().tasks().keySet().stream().anyMatch(k -> k.task().value().equals("t2")),
        "the launched task is in the registry");
  }

  @Test
  void aRegistrationThatCannotBePersistedIsNotAnswered() throws Exception {
    failing.set(true);
    MesetaError e = assertThrows(MesetaError.class, () -> wire.agents.registerAgent(agent.registration()));
    assertEquals(ErrorCode.UNAVAILABLE, e.getCode(), e.getMessage());
    failing.set(false);
    Await.until("the master leads again", MasterWire.WAIT, master::isLeader);
    assertTrue(wire.state().getAgents().isEmpty());
    String id = wire.agents.registerAgent(agent.registration()).getAgentId();
    assertEquals(List.of(id), registry.load().agents().keySet().stream().map(Object::toString).toList());
  }
}
