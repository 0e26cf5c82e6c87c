package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.resources.Resources;
import io.meseta.master.CallRejected.Reason;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.Offer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MasterOffersTest {
  private final MasterHarness h = new MasterHarness();

  @Test
  void offersAnAgentsResourcesWithItsHostname() {
    AgentId a = h.agent("host1", "cpus:4;mem:4096");
    FrameworkId f = h.framework("fw", "*");
    assertEquals(1, h.master.allocate());
    List<Offer> offers = h.offers(f);
    assertEquals(1, offers.size());
    assertEquals(a.value(), offers.get(0).getAgentId());
    assertEquals("host1", offers.get(0).getHostname());
    assertEquals(Resources.parse("cpus:4;mem:4096"), ResourceCodec.fromWire(offers.get(0).getResources()));
    assertEquals(1, h.master.outstandingOffers());
  }

  @Test
  void acceptLaunchesTasksAndReturnsTheRest() {
    AgentId a = h.agent("host1", "cpus:4;mem:4096");
    FrameworkId f = h.framework("fw", "*");
    h.master.allocate();
    OfferId offer = OfferId.of(h.offers(f).get(0).getOfferId());
    h.master.accept(f, List.of(offer), List.of(MasterHarness.task("t1", a, "cpus:1;mem:1024")),
        Optional.of(Duration.ZERO));
    assertEquals(1, h.gateway.launches.size());
    assertEquals("t1", h.gateway.launches.get(0).tasks().get(0).taskId().value());
    assertEquals(0, h.master.outstandingOffers());
    h.master.allocate();
    List<Offer> next = h.offers(f);
    assertEquals(1, next.size());
    assertEquals(Resources.parse("cpus:3;mem:3072"), ResourceCodec.fromWire(next.get(0).getResources()));
  }

  @Test
  void anOfferCannotBeUsedTwice() {
    AgentId a = h.agent("host1", "cpus:4;mem:4096");
    FrameworkId f = h.framework("fw", "*");
    h.master.allocate();
    OfferId offer = OfferId.of(h.offers(f).get(0).getOfferId());
    h.master.accept(f, List.of(offer), List.of(MasterHarness.task("t1", a, "cpus:1;mem:32")), Optional.empty());
    CallRejected e = assertThrows(CallRejected.class, () -> h.master.accept(f, List.of(offer),
        List.of(MasterHarness.task("t2", a, "cpus:1;mem:32")), Optional.empty()));
    assertEquals(Reason.UNKNOWN_OFFER, e.reason());
    assertTrue(e.getMessage().contains(offer.value()), e.getMessage());
    assertEquals(1, h.gateway.launches.size());
  }

  @Test
  void declineKeepsTheAgentAwayUntilTheFilterExpires() {
    h.agent("host1", "cpus:4;mem:4096");
    FrameworkId f = h.framework("fw", "*");
    h.master.allocate();
    OfferId offer = OfferId.of(h.offers(f).get(0).getOfferId());
    h.master.decline(f, List.of(offer), Optional.of(Duration.ofSeconds(10)));
    assertEquals(0, h.master.allocate());
    h.clock.advance(Duration.ofSeconds(11));
    assertEquals(1, h.master.allocate());
    assertEquals(1, h.metrics.offersDeclined.getCount());
  }

  @Test
  void suppressStopsOffersAndReviveRestartsThem() {
    h.agent("host1", "cpus:4;mem:4096");
    FrameworkId f = h.framework("fw", "*");
    h.master.suppress(f);
    assertEquals(0, h.master.allocate());
    h.master.revive(f);
    assertEquals(1, h.master.allocate());
  }

  @Test
  void expiredOffersAreRescindedAndReoffered() {
    MasterHarness t = new MasterHarness(new MasterHarness().config.withOfferTimeout(Optional.of(Duration.ofSeconds(5))));
    t.agent("host1", "cpus:4;mem:4096");
    FrameworkId f = t.framework("fw", "*");
    t.master.allocate();
    String offer = t.offers(f).get(0).getOfferId();
    t.clock.advance(Duration.ofSeconds(6));
    t.master.checkOffers();
    assertEquals(offer, t.events(f, io.meseta.protocol.thrift.EventType.RESCIND).get(0).getOfferId());
    assertEquals(1, t.master.allocate());
  }

  @Test
  void twoRolesShareByDominantResource() {
    for (int i = 0; i < 10; i++) {
      h.agent("host" + i, "cpus:1;mem:1024");
    }
    FrameworkId a = h.framework("a", "analytics");
    FrameworkId b = h.framework("b", "etl");
    h.master.allocate();
    assertEquals(5, h.offers(a).size());
    assertEquals(5, h.offers(b).size());
  }

  @Test
  void aFrameworkThatReRegistersHasItsOldClientsOffersRescindedAndOfferedAgain() {
    MasterHarness h = new MasterHarness();
    h.agent("host1", "cpus:4;mem:4096");
    FrameworkId f = h.framework("fw", "*", Duration.ofMinutes(5));
    h.master.allocate();
    Offer old = h.offers(f).get(0);
    assertEquals(1, h.master.outstandingOffers());

    // a new client (the old one died with the offer in hand) comes back with the framework's id
    h.master.registerFramework(MasterHarness.descriptor("fw", "*", Duration.ofMinutes(5)), Optional.of(f));
    assertEquals(0, h.master.outstandingOffers(), "the old client's offer is taken back");
    assertThrows(CallRejected.class, () -> h.master.decline(f, List.of(OfferId.of(old.getOfferId())),
        Optional.empty()), "the old offer is gone");

    h.master.allocate();
    List<Offer> again = h.offers(f);
    assertEquals(1, again.size(), "the agent is offered to the new client");
    assertEquals(Resources.parse("cpus:4;mem:4096"), ResourceCodec.fromWire(again.get(0).getResources()));
  }
}
