package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.task.TaskSpec;
import io.meseta.master.CallRejected.Reason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refused call names the problem and leaves the offers and tasks as they were. */
class MasterBadInputTest {
  private final MasterHarness h = new MasterHarness();
  private AgentId a1;
  private AgentId a2;
  private FrameworkId f;
  private OfferId o1;
  private OfferId o2;

  @BeforeEach
  void cluster() {
    a1 = h.agent("host1", "cpus:2;mem:1024");
    a2 = h.agent("host2", "cpus:2;mem:1024");
    f = h.framework("fw", "*");
    h.master.allocate();
    var offers = h.offers(f);
    o1 = OfferId.of(offers.get(0).getOfferId());
    o2 = OfferId.of(offers.get(1).getOfferId());
  }

  private void rejected(Reason reason, String fragment, Runnable call) {
    int offers = h.master.outstandingOffers();
    int launches = h.gateway.launches.size();
    CallRejected e = assertThrows(CallRejected.class, call::run);
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention '" + fragment + "'");
    assertEquals(offers, h.master.outstandingOffers(), "offers must be untouched");
    assertEquals(launches, h.gateway.launches.size(), "nothing may launch");
    assertTrue(h.master.liveTasks().isEmpty(), "no task may be recorded");
  }

  private void accept(List<OfferId> offers, TaskSpec... tasks) {
    h.master.accept(f, offers, List.of(tasks), Optional.empty());
  }

  @Test
  void unknownOffer() {
    rejected(Reason.UNKNOWN_OFFER, "MTEST-O999", () -> accept(List.of(OfferId.of("MTEST-O999")),
        MasterHarness.task("t", a1, "cpus:1")));
  }

  @Test
  void offersOfDifferentAgents() {
    rejected(Reason.INVALID_REQUEST, "different agents", () -> accept(List.of(o1, o2),
        MasterHarness.task("t", a1, "cpus:1")));
  }

  @Test
  void tasksAskingMoreThanTheOffersHold() {
    rejected(Reason.INSUFFICIENT_RESOURCES, "cpus:3", () -> accept(List.of(o1),
        MasterHarness.task("t1", a1, "cpus:2"), MasterHarness.task("t2", a1, "cpus:1")));
  }

  @Test
  void zeroCpuTask() {
    rejected(Reason.INVALID_REQUEST, "no cpus", () -> accept(List.of(o1), MasterHarness.task("t", a1, "mem:10")));
  }

  @Test
  void duplicateTaskIdInOneCall() {
    rejected(Reason.DUPLICATE_TASK, "t", () -> accept(List.of(o1),
        MasterHarness.task("t", a1, "cpus:0.5"), MasterHarness.task("t", a1, "cpus:0.5")));
  }

  @Test
  void duplicateOfALiveTask() {
    accept(List.of(o1), MasterHarness.task("t", a1, "cpus:0.5"));
    CallRejected e = assertThrows(CallRejected.class, () -> accept(List.of(o2), MasterHarness.task("t", a2, "cpus:0.5")));
    assertEquals(Reason.DUPLICATE_TASK, e.reason());
    assertEquals(1, h.gateway.launches.size());
  }

  @Test
  void taskOnAnotherAgentThanItsOffer() {
    rejected(Reason.INVALID_REQUEST, a2.value(), () -> accept(List.of(o1), MasterHarness.task("t", a2, "cpus:1")));
  }

  @Test
  void unknownFramework() {
    CallRejected e = assertThrows(CallRejected.class,
        () -> h.master.accept(FrameworkId.of("nope"), List.of(o1), List.of(), Optional.empty()));
    assertEquals(Reason.UNKNOWN_FRAMEWORK, e.reason());
    assertEquals(2, h.master.outstandingOffers());
  }

  @Test
  void anotherFrameworksOffer() {
    FrameworkId other = h.framework("other", "*");
    CallRejected e = assertThrows(CallRejected.class,
        () -> h.master.decline(other, List.of(o1), Optional.empty()));
    assertEquals(Reason.UNKNOWN_OFFER, e.reason());
    assertEquals(2, h.master.outstandingOffers());
  }

  @Test
  void unknownTaskKill() {
    CallRejected e = assertThrows(CallRejected.class,
        () -> h.master.killTask(f, io.meseta.core.ids.TaskId.of("ghost"), Optional.empty()));
    assertEquals(Reason.UNKNOWN_TASK, e.reason());
    assertTrue(h.gateway.kills.isEmpty());
  }

  @Test
  void roleCannotChangeOnReregistration() {
    CallRejected e = assertThrows(CallRejected.class, () -> h.master.registerFramework(
        new io.meseta.master.registry.FrameworkDescriptor("fw", "alice", "other", java.time.Duration.ZERO,
            List.of(), ""), Optional.of(f)));
    assertEquals(Reason.INVALID_REQUEST, e.reason());
  }
}
