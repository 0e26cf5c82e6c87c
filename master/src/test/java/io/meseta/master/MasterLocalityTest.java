package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meseta.core.allocation.LocalityWants;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.protocol.thrift.LocalityLevel;
import io.meseta.protocol.thrift.Offer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Locality wishes through the master: who gets which agent, and what offers say. */
class MasterLocalityTest {
  private final MasterHarness h = new MasterHarness();

  @Test
  void aFrameworkIsOfferedTheHostItWantsAndOffersSayHowLocalTheyAre() {
    h.agent("host1", "cpus:4;mem:4096");
    AgentId a2 = h.agent("host2", "cpus:4;mem:4096");
    FrameworkId data = h.framework("data", "*");
    FrameworkId other = h.framework("other", "*");
    h.master.setLocality(data, new LocalityWants(Map.of("host2", 2), Map.of()), Optional.empty());
    assertEquals(2, h.master.allocate());

    List<Offer> dataOffers = h.offers(data);
    assertEquals(1, dataOffers.size());
    assertEquals(a2.value(), dataOffers.get(0).getAgentId());
    assertEquals(LocalityLevel.NODE_LOCAL, dataOffers.get(0).getLocality());
    assertEquals("/default-rack", dataOffers.get(0).getRack());
    List<Offer> otherOffers = h.offers(other);
    assertEquals("host1", otherOffers.get(0).getHostname());
    assertEquals(LocalityLevel.ANY, otherOffers.get(0).getLocality());
  }

  @Test
  void launchesCountTheWishesDown() {
    h.agent("host1", "cpus:4;mem:4096");
    AgentId a2 = h.agent("host2", "cpus:4;mem:4096");
    FrameworkId data = h.framework("data", "*");
    h.master.setLocality(data, new LocalityWants(Map.of("host2", 1), Map.of()), Optional.empty());
    h.master.allocate();
    Offer offer = h.offers(data).get(0);
    assertEquals(a2.value(), offer.getAgentId());
    h.master.accept(data, List.of(OfferId.of(offer.getOfferId())),
        List.of(MasterHarness.task("t1", a2, "cpus:1;mem:32")), Optional.of(Duration.ZERO));
    h.master.allocate();
    List<Offer> next = h.offers(data);
    assertEquals(2, next.size(), "with its one wish used, the framework takes any agent: " + next);
  }

  @Test
  void anUnknownFrameworkCannotStateWishes() {
    CallRejected e = assertThrows(CallRejected.class, () -> h.master.setLocality(FrameworkId.of("nobody"),
        LocalityWants.NONE, Optional.empty()));
    assertEquals(CallRejected.Reason.UNKNOWN_FRAMEWORK, e.reason());
  }
}
